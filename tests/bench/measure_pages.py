"""The issue-16 measurement in one process per database: p50 of 15 requests per page, DEBUG off,
and the first triage after start-up, after a provider's edit and after a change that
reads everything again. Run against a database that already holds the
synthetic directory, e.g.

    DATABASE_URL=sqlite:////tmp/100k.sqlite3 DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x \
    DJANGO_ALLOWED_HOSTS=testserver DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 \
    .venv/bin/python tests/bench/measure_pages.py 100k

It prints milliseconds and the ratio of each to the minimal page (`/triage/` without a session).
"""

import json
import os
import statistics
import sys
import time


def p50(fn, n=15):
    fn()
    fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(name):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction
    from django.test import Client

    from directory.models import Programme
    from directory.services import catalogue_changed, programme_changed
    from referral.triage import cache as catalogue

    fresh, triage = Client(HTTP_ACCEPT_LANGUAGE="sl"), Client(HTTP_ACCEPT_LANGUAGE="sl")
    facts = json.dumps({"migration_status": "asylum_applicant", "needs": ["legal"]})

    def first_triage():
        start = time.perf_counter()
        assert triage.post("/api/triage/", facts, content_type="application/json").status_code == 200
        return (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    catalogue.warm()  # what config/wsgi.py does before the server takes requests
    warm = (time.perf_counter() - start) * 1000
    after_start = first_triage()
    with transaction.atomic():  # a provider's edit, as the cache sees it
        programme_changed(Programme.objects.order_by("?").first())
    after_edit = first_triage()
    with transaction.atomic():  # a change no programme version shows: everything is read again
        catalogue_changed(everything=True)
    after_reset = first_triage()
    triage.post("/triage/")
    for key, value in [("immediate_danger", "no"), ("needs", ["legal"]), ("migration_status", "asylum_applicant")]:
        triage.post(f"/triage/q/{key}/", {"answer": value})
    found = {
        "minimal": p50(lambda: fresh.get("/triage/")),
        "list": p50(lambda: fresh.get("/directory/")),
        "search": p50(lambda: fresh.get("/directory/", {"q": "pomoč"})),
        "api": p50(lambda: triage.post("/api/triage/", facts, content_type="application/json")),
        "answer": p50(lambda: triage.post("/triage/q/exploitation/", {"answer": "labour"})),
        "results": p50(lambda: triage.get("/triage/results/")),
        "start-up: catalogue in sl and en": warm,
        "first triage after start-up": after_start,
        "first triage after an edit": after_edit,
        "first triage after a reset": after_reset,
    }
    print(name, {k: round(v, 1) for k, v in found.items()})
    print(name, "x minimal", {k: round(v / found["minimal"], 1) for k, v in found.items()})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
