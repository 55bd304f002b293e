"""Two app servers over one PostgreSQL and one Redis (`make test-cluster`, in CI): what one server
does, the other knows at once. Skipped unless DATABASE_URL is PostgreSQL and CACHE_URL Redis."""

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("CACHE_URL", "").startswith("redis"),
        reason="two app servers need PostgreSQL and Redis (make test-cluster)",
    ),
]
KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the test member's authenticator key (base32)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, stdin=None):
    """A management command's output (its last line: the shell prints what it imported first)."""
    out = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, input=stdin
    ).stdout
    return (out.strip().splitlines() or [""])[-1]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "cluster-test-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "flush", "--noinput")
    manage(env, "seed_catalogue", "--force")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    manage(
        env,
        "shell",
        stdin=f"""
from binascii import hexlify
from base64 import b32decode
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.directory.users import make_user
user = make_user("ngo-kljuc", org="kljuc")
TOTPDevice.objects.create(user=user, name="phone", confirmed=True, key=hexlify(b32decode("{KEY}")).decode())
""",
    )
    ports = [free_port(), free_port()]
    logs, procs = [], []
    for port in ports:
        log = open(folder / f"{port}.log", "w")  # noqa: SIM115 (open while the server runs)
        procs.append(
            subprocess.Popen(
                [".venv/bin/gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        logs.append(log)
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            for _ in range(150):
                try:
                    if requests.get(base + "/healthz", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
        yield bases, env
    finally:  # the servers stop whatever happened, their workers with them
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        for log in logs:
            log.close()


def token_of(session, url):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text).group(1)


def post(session, url, data):
    return session.post(url, {"csrfmiddlewaretoken": token_of(session, url), **data}, headers={"Referer": url})


def code_now():
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(KEY)):06d}"


def signed_in(base, env):
    """The member signs in on `base`: the password, then the app's code the first time in this
    30-second step, a recovery code after that (a TOTP code works once)."""
    member = requests.Session()
    post(member, base + "/accounts/login/", {"username": "ngo-kljuc", "password": "pw"})
    page = post(member, base + "/accounts/factors/verify/?next=/manage/", {"code": code_now()})
    if page.url != base + "/manage/":
        time.sleep(1.1)  # one wrong code slows the next try by a second
        code = manage(env, "shell", "-c", RECOVERY_CODE)
        page = post(member, base + "/accounts/factors/verify/?next=/manage/", {"code": code})
    assert page.url == base + "/manage/", page.url
    return member


RECOVERY_CODE = """
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
device, _ = StaticDevice.objects.get_or_create(user__username="ngo-kljuc", defaults={"name": "recovery", "user_id": __import__("django.contrib.auth", fromlist=["x"]).get_user_model().objects.get(username="ngo-kljuc").pk})
print(StaticToken.objects.create(device=device, token=StaticToken.random_token()).token)
"""


def test_an_edit_through_one_server_is_served_by_the_other_at_once(servers):
    (one, other), env = servers
    reader = requests.Session()
    assert "Counselling by phone, day and night" not in reader.get(other + "/directory/kljuc-hotline/").text
    member = signed_in(one, env)
    edit = one + "/manage/programmes/kljuc-hotline/edit/"
    page = member.get(edit).text
    data = {**form_of(page), "offers_en": "Counselling by phone, day and night"}  # publishes at once
    saved = member.post(edit, data, headers={"Referer": edit})
    assert saved.status_code == 200 and saved.url == edit
    assert (
        "Counselling by phone, day and night"
        in reader.get(other + "/directory/kljuc-hotline/", headers={"Accept-Language": "en"}).text
    )


def form_of(page):
    """Every field of the edit page's form as a browser would post it."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select, self.textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name"):
                if a.get("type") in ("checkbox", "radio"):
                    if "checked" in a:
                        self.data.setdefault(a["name"], []).append(a.get("value", "on"))
                elif a.get("type") != "submit":
                    self.data[a["name"]] = a.get("value", "")
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                self.data.setdefault(self.select, []).append(a.get("value", ""))
            elif tag == "textarea":
                self.textarea = a.get("name")
                self.data[self.textarea] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea] += data

    parser = Form()
    parser.feed(page.split('<form method="post" novalidate>', 1)[1].split("</form>", 1)[0])
    parser.data.pop("publish_reason", None)
    return parser.data


def test_a_limit_reached_through_one_server_holds_on_the_other(servers):
    bases, _env = servers

    def report(n):
        url = bases[n % 2] + "/directory/pats/report/"
        return post(requests.Session(), url, {"reason": "phone_wrong", "text": "It rings out."}).status_code

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(report, range(10)))
    assert answers.count(200) == 5 and answers.count(429) == 5, answers  # 200: the programme page after a report


def test_logout_and_quick_exit_through_one_server_end_them_on_the_other(servers):
    (one, other), env = servers
    member = signed_in(one, env)
    assert member.get(other + "/manage/").url.endswith("/manage/")  # one session for both
    member.post(
        one + "/accounts/logout/", {"csrfmiddlewaretoken": member.cookies["csrftoken"]}, headers={"Referer": one + "/"}
    )
    assert "/accounts/login/" in member.get(other + "/manage/").url
    worker = requests.Session()
    post(worker, one + "/triage/", {})
    post(worker, one + "/triage/q/immediate_danger/", {"answer": "no"})
    copied = worker.cookies.get("kazipot_private")
    assert copied and worker.get(other + "/triage/check/").status_code == 200
    worker.post(
        other + "/exit/",
        {"csrfmiddlewaretoken": worker.cookies["csrftoken"]},
        headers={"Referer": other + "/", "Origin": other},
        allow_redirects=False,
    )
    replay = requests.Session()
    replay.cookies.set("kazipot_private", copied)
    assert replay.get(one + "/triage/check/", allow_redirects=False).status_code == 302


def test_after_a_reset_the_catalogue_is_built_once_for_both_servers(servers):
    bases, env = servers
    manage(
        env,
        "shell",
        "-c",
        "from directory.services import catalogue_changed; from django.db import transaction\nwith transaction.atomic(): catalogue_changed(everything=True)",
    )
    version = manage(
        env, "shell", "-c", "from directory.services import catalogue_version; print(catalogue_version())"
    ).strip()

    def triage(n):
        return requests.post(bases[n % 2] + "/api/triage/", json={}, headers={"Accept-Language": "en"}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(triage, range(8))) == {200}
    builds = manage(
        env, "shell", "-c", f"from django.core.cache import cache; print(cache.get('catalogue-builds:en:{version}'))"
    ).strip()
    assert builds == "1"
