"""The first triage after a reset, in one process over a grown directory (DATABASE_URL), with the
catalogue built while the request waits (before) and built in the background (after):

    DATABASE_URL=sqlite:////tmp/big.sqlite3 .venv/bin/python tests/bench/measure_reset.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from directory.models import Programme  # noqa: E402
from directory.services import catalogue_changed  # noqa: E402
from referral.triage import cache  # noqa: E402


def first_triage_after_a_reset(browser):
    with transaction.atomic():
        catalogue_changed(everything=True)
    started = time.perf_counter()
    assert browser.post("/api/triage/", {}, content_type="application/json").status_code == 200
    return time.perf_counter() - started


setup_test_environment()
browser = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="127.0.0.1")
browser.post("/api/triage/", {}, content_type="application/json")  # the start-up build
print(f"{Programme.objects.count()} programmes")
size = cache.BACKGROUND_FROM
cache.BACKGROUND_FROM = 10**9
print(f"built while the request waits: {first_triage_after_a_reset(browser):.2f} s")
cache.BACKGROUND_FROM = size
print(f"built in the background:       {first_triage_after_a_reset(browser):.2f} s")
for thread in [t for t in __import__("threading").enumerate() if t.name.startswith("catalogue-")]:
    started = time.perf_counter()
    thread.join()
    print(f"the new catalogue installed {time.perf_counter() - started:.1f} s later")
