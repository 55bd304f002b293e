"""Production hardening: deploy checks, security headers, health, logs that leak nothing."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

from config.logging import JsonFormatter

BASE = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env={**base, **env}, capture_output=True, text=True
    )


PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "kazipot.si"}


def test_the_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", EMAIL_URL="smtp://mail.kazipot.si", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = manage("check", **env)
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy_and_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": True}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] is False


@pytest.mark.django_db
def test_logs_are_json_and_never_hold_triage_answers_or_passwords(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/triage/")
    client.post("/triage/q/exploitation/", {"answer": ["forced_marriage"]})
    client.post("/triage/q/municipality/", {"answer": "piran"})
    client.post(
        "/api/triage/", json.dumps({"municipality": "Not A Slug", "needs": ["yacht"]}), content_type="application/json"
    )
    client.post("/accounts/login/", {"username": "nobody", "password": "s3cret-Passw0rd!"})
    client.get("/directory/no-such-programme/")
    lines = [JsonFormatter().format(record) for record in caplog.records]
    assert lines, "the requests above should log something (400, 404)"
    for line in lines:
        entry = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(entry)
    text = "\n".join(lines)
    for secret in ("forced_marriage", "piran", "Not A Slug", "yacht", "s3cret-Passw0rd!"):
        assert secret not in text


def test_the_server_starts_and_says_why_when_the_catalogue_cannot_be_built_at_start_up(tmp_path):
    # An empty database (not migrated yet): the warm-up logs one line and the app still loads.
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env = {**base, **PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    code = "import config.wsgi; print(callable(config.wsgi.application))"
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True")
    assert "Triage catalogue not built at start-up" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_no_log_line_carries_a_query_string():
    import logging

    from config.logging import JsonFormatter

    record = logging.LogRecord(
        "django.server",
        logging.WARNING,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /directory/?q=trafficking+Koper HTTP/1.1", 404, 10),
        None,
    )
    line = JsonFormatter().format(record)
    assert "trafficking" not in line and "Koper" not in line and "GET /directory/ HTTP/1.1" in line
