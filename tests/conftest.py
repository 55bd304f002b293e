import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

# Every test runs at this moment unless it travels elsewhere itself: a Monday morning, a working
# day in Ljubljana, so "open now", staleness and dates never depend on when the suite runs.
FROZEN_AT = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the canonical catalogue, loaded once per run."""
    with django_db_blocker.unblock():
        call_command("seed_catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client():
    """A test client whose browser asks for English; tests of Slovenian pages say so per request."""
    from tests.factors import Browser

    return Browser(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's, signed in with both factors."""
    from tests.factors import Browser

    browser = Browser()
    browser.force_login(admin_user)
    return browser


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Each test builds the triage rules itself: query counts do not depend on test order."""
    from referral.triage.cache import clear_cache

    clear_cache()


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    """The real clock is never read, except by tests against a live server (browsers, schemathesis)."""
    if request.node.get_closest_marker("e2e") or request.node.get_closest_marker("live"):
        yield
        return
    with time_machine.travel(FROZEN_AT, tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Per-address limits live in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def live_server(django_db_setup, django_db_blocker):
    """One live server a worker, over the test database that django_db_setup seeded once (a test
    asking for `live_server` is one that pytest-django creates the test database for)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        call_command("seed_catalogue", verbosity=0)  # again if a transactional test emptied it
        live = LiveServer("localhost")
        snapshot = Snapshot()
    live._live_server_modified_settings.enable()  # its host in ALLOWED_HOSTS, as pytest-django does
    live.snapshot = snapshot
    yield live
    live._live_server_modified_settings.disable()
    live.stop()


class Snapshot:
    """The seeded database, put back after each browser test. An in-memory SQLite database (the
    live server shares its connection) is copied whole with SQLite's backup API in milliseconds;
    any other database is emptied and seeded again, as a transactional test would be."""

    def __init__(self):
        connection.ensure_connection()
        self.copy = None
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            self.copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.copy)

    def restore(self):
        if self.copy is not None:
            connection.ensure_connection()
            self.copy.backup(connection.connection)
        else:
            call_command("flush", interactive=False, verbosity=0)
            call_command("seed_catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper():
    """pytest-django's own helper would wrap each test in `transactional_db`, which empties the
    database after it; `catalogue` puts the seeded one back instead."""
    yield


@pytest.fixture
def catalogue(live_server, django_db_blocker):
    """The browser talks to the live server in another thread: the test writes outside any
    transaction (what it writes is committed and seen at once) into the seeded catalogue, put back
    first, so no test sees another's writes."""
    with django_db_blocker.unblock():
        live_server.snapshot.restore()
        yield live_server
