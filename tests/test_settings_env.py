"""Configuration from the environment: bad values fail with one clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_list

BASE = Path(__file__).resolve().parent.parent


def test_debug_flag_accepts_only_clear_booleans(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be 1 or 0"):
        env_bool("DJANGO_DEBUG", default=True)
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    assert env_bool("DJANGO_DEBUG", default=True) is False


def test_allowed_hosts_must_list_something(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS"):
        env_list("DJANGO_ALLOWED_HOSTS", default=[])
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "kazipot.si, www.kazipot.si")
    assert env_list("DJANGO_ALLOWED_HOSTS", default=[]) == ["kazipot.si", "www.kazipot.si"]


def test_database_url_for_sqlite_is_relative_to_the_project():
    assert database_from_url("sqlite:///db.sqlite3", base_dir=BASE)["NAME"] == str(BASE / "db.sqlite3")


def test_database_url_for_postgres_is_parsed():
    db = database_from_url("postgres://kaz:p%40ss@db.local:5433/kazipot", base_dir=BASE)
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "kazipot",
        "kaz",
        "p@ss",
        "db.local",
        "5433",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host", "sqlite://", "postgres://h:port/x"])
def test_bad_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, base_dir=BASE)


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0" in result.stderr


def test_cache_url_chooses_a_shared_cache_or_the_local_default():
    from config.env import cache_from_url

    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    redis = cache_from_url("redis://127.0.0.1:6379/1")
    assert redis == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}
    memcached = cache_from_url("memcached://127.0.0.1:11211")
    assert memcached == {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": "127.0.0.1:11211",
    }


@pytest.mark.parametrize(("url", "says"), [("mysql://x", "not supported"), ("redis://", "must name the cache server")])
def test_bad_cache_urls_are_refused_in_one_line(url, says):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import cache_from_url

    with pytest.raises(ImproperlyConfigured, match=says):
        cache_from_url(url)
