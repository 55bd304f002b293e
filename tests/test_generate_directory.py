"""`generate_directory`: a synthetic directory for benchmarks, the same for the same seed, and a
second run adds to it instead of failing."""

from io import StringIO

import pytest
from django.core.management import call_command

from directory.models import Contact, Organisation, Programme
from referral.models import Criterion

pytestmark = pytest.mark.django_db


def generate(n, seed):
    out = StringIO()
    call_command("generate_directory", services=n, seed=seed, stdout=out)
    return out.getvalue()


def test_the_same_seed_gives_the_same_directory():
    generate(15, seed=3)
    first = list(Programme.objects.filter(slug__startswith="syn-").order_by("slug").values_list("name_sl", "uid"))
    Programme.objects.filter(slug__startswith="syn-").delete()
    Organisation.objects.filter(slug__startswith="syn-").delete()
    generate(15, seed=3)
    again = list(Programme.objects.filter(slug__startswith="syn-").order_by("slug").values_list("name_sl", "uid"))
    assert again == first


def test_running_it_twice_with_the_same_seed_adds_to_the_directory():
    generate(15, seed=3)
    said = generate(15, seed=3)
    assert "Generated 15 services (seed 3); 30 synthetic in all." in said
    assert Programme.objects.filter(slug__startswith="syn-").count() == 30
    assert Criterion.objects.filter(programme__slug="syn-29").exists()
    assert Contact.objects.filter(programmes__slug="syn-29").exists()
    assert Programme.objects.filter(slug__startswith="syn-").values("uid").distinct().count() == 30


def test_a_bad_size_exits_2_with_one_line():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as raised:
        generate(0, seed=1)
    assert raised.value.returncode == 2 and "--services must be between" in str(raised.value)
