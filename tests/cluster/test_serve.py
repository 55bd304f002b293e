"""`make serve` from a clean database: gunicorn with four workers, DEBUG off, over SQLite. Every page
answers (static names collected with DEBUG off), one limit holds across the four workers (one
shared cache), and parallel writers queue instead of failing ("database is locked")."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.live


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'serve.sqlite3'}",
        "HOST_PORT": f"127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("CACHE_URL", None)
    made = ROOT / "db.sqlite3"  # `make setup` made it before the suite: a copy needs no migrating
    if made.exists():
        with sqlite3.connect(made) as source, sqlite3.connect(folder / "serve.sqlite3") as copy:
            source.backup(copy)
            copy.execute("DROP TABLE IF EXISTS kazipot_cache")  # no limit counted before this test
    for command in (["migrate", "-v", "0"], ["seed_catalogue"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(folder / "serve.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(["bash", ".ci/serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail((folder / "serve.log").read_text()[-2000:])
    yield base, folder / "serve.log"
    server.terminate()
    server.wait(10)
    log.close()


def form_token(session, url):
    page = session.get(url)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_every_page_answers_with_debug_off(served):
    base, _log = served
    browser = requests.Session()
    for path in ["/", "/directory/", "/directory/pats/", "/triage/"]:
        assert browser.get(base + path).status_code == 200, path
    token = form_token(browser, base + "/triage/")
    browser.post(base + "/triage/", {"csrfmiddlewaretoken": token}, headers={"Referer": base + "/triage/"})
    sheet = browser.get(base + "/triage/sheet/", params={"lang": "en"})
    assert sheet.status_code == 200 and "/static/" in sheet.text
    css = re.search(r'href="(/static/[^"]+\.css)"', sheet.text).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", css) and browser.get(base + css).status_code == 200  # hashed, served


def test_a_limit_holds_across_the_four_workers(served):
    base, _log = served
    url = base + "/directory/kljuc-hotline/report/"

    def report(_n):
        browser = requests.Session()
        token = form_token(browser, url)
        data = {"csrfmiddlewaretoken": token, "reason": "phone_wrong", "text": "It rings out."}
        return browser.post(url, data, headers={"Referer": url}, allow_redirects=False).status_code

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(report, range(8)))
    assert answers.count(302) == 5 and answers.count(429) == 3, answers


def test_parallel_wrong_sign_ins_queue_instead_of_locking_the_database(served):
    base, log = served
    url = base + "/accounts/login/"

    def sign_in(n):
        browser = requests.Session()
        token = form_token(browser, url)
        data = {"csrfmiddlewaretoken": token, "username": f"nobody{n % 3}", "password": "wrong"}
        return browser.post(url, data, headers={"Referer": url}).status_code

    with ThreadPoolExecutor(12) as pool:  # each costs a password hash (~0.3 s of CPU): 12 at once
        answers = list(pool.map(sign_in, range(12)))
    assert set(answers) <= {200, 403, 429}, answers
    assert "database is locked" not in log.read_text()


def test_the_access_log_never_holds_a_query_string(served):
    base, log = served
    requests.get(base + "/directory/", params={"q": "zelo-posebna-beseda"})
    time.sleep(0.3)
    text = log.read_text()
    assert '"GET /directory/"' in text and "zelo-posebna-beseda" not in text
