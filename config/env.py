"""Strict reading of settings from the environment: a bad value stops start-up with one clear line."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, *, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false), not {raw!r}.")


def env_list(name, *, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but lists no value; use a comma-separated list.")
    return items


def database_from_url(url, *, base_dir: Path):
    """Turn DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into DATABASES."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db is relative to the project; sqlite:////abs/path.db is absolute.
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file name, e.g. sqlite:///db.sqlite3.")
        name = path if path == ":memory:" else str(base_dir / path)
        # Writers queue instead of failing ("database is locked"): each write transaction takes the
        # write lock when it begins (IMMEDIATE) and waits up to 20 s for it (Django 5.1+).
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = parts.path.lstrip("/")
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL must name a database: postgres://host/name.")
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL has an invalid port: {exc}.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # Short OLTP queries: JIT compilation costs more than it saves (measured: 260 ms a query).
            "OPTIONS": {"options": "-c jit=off"},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported; use sqlite:/// or postgres://.")


SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def email_from_url(url):
    """EMAIL_URL (smtp://user:pass@host:587?tls=1, smtps://user:pass@host:465 or console://) as
    Django's EMAIL_* settings, with the real backend under KAZIPOT_MAIL_BACKEND."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"KAZIPOT_MAIL_BACKEND": CONSOLE}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not supported; use smtp://, smtps:// or console://."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name the mail server: smtp://user:password@host:587.")
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {exc}.") from None
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps"
    return {
        "KAZIPOT_MAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if ssl else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": not ssl and query.get("tls", "1") in TRUE,
        "EMAIL_TIMEOUT": 10,
    }


def email_from_variables():
    """EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL."""
    raw_port = os.environ.get("EMAIL_PORT", "587")
    if not raw_port.isdigit():
        raise ImproperlyConfigured(f"EMAIL_PORT must be a number, not {raw_port!r}.")
    ssl, tls = env_bool("EMAIL_USE_SSL", default=False), env_bool("EMAIL_USE_TLS", default=True)
    if ssl and tls:
        raise ImproperlyConfigured("EMAIL_USE_SSL and EMAIL_USE_TLS cannot both be on; set EMAIL_USE_TLS=0.")
    return {
        "KAZIPOT_MAIL_BACKEND": SMTP,
        "EMAIL_HOST": os.environ["EMAIL_HOST"],
        "EMAIL_PORT": int(raw_port),
        "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": tls,
        "EMAIL_TIMEOUT": 10,
    }


CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
}


def cache_from_url(url):
    """CACHE_URL as Django's default cache: locmem:// (one process, the default), db:// (the
    database's table: every process on one database, no server), redis://host:6379/0 or
    memcached://host:11211 (one cache shared by several app processes and servers)."""
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    if parts.scheme == "db":  # db:// — the database's own table, shared by every process on it
        return {"BACKEND": "config.cache.DatabaseCache", "LOCATION": "kazipot_cache", "OPTIONS": {"MAX_ENTRIES": 20000}}
    if parts.scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"CACHE_URL scheme {parts.scheme!r} is not supported; use locmem://, db://, redis:// or memcached://."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("CACHE_URL must name the cache server: redis://127.0.0.1:6379/0.")
    backend = CACHE_BACKENDS[parts.scheme]
    if parts.scheme == "memcached":
        return {"BACKEND": backend, "LOCATION": parts.netloc}
    return {"BACKEND": backend, "LOCATION": url}
