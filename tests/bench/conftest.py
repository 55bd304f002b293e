import pytest
from django.core.management import call_command

from directory.models import Programme

# Directory sizes are grown, never shrunk, during one benchmark session.
GROWN = {"services": 0}


@pytest.fixture(scope="session")
def grow_directory(django_db_setup, django_db_blocker):
    def grow(size):
        missing = size - GROWN["services"]
        if missing > 0:
            with django_db_blocker.unblock():
                call_command("generate_directory", services=missing, seed=size, verbosity=0)
                GROWN["services"] = Programme.objects.filter(slug__startswith="syn-").count()
        return GROWN["services"]

    return grow
