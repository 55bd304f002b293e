from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

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
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    """Each test builds the triage rules itself: query counts do not depend on test order."""
    from referral.catalogue import clear_cache

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
