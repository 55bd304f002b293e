import pytest
from django.core.management import call_command


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
