"""Backup and restore: a round trip brings back accounts, the directory, its history and training."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from directory.models import Membership, Programme
from directory.services import Author, catalogue_version, programme_verify
from referral.models import Attempt, Scenario
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db


def test_backup_then_restore_brings_everything_back(tmp_path):
    member = make_user("ngo-kljuc", org="kljuc")
    programme_verify(programme=Programme.objects.get(slug="pats"), author=Author(member))
    Attempt.objects.create(user=member, scenario=Scenario.objects.first(), picked=["pats"], precision=1, recall=0.5)
    before = {
        "programmes": Programme.objects.count(),
        "history": Programme.history.count(),
        "users": get_user_model().objects.count(),
        "attempts": Attempt.objects.count(),
    }
    out = tmp_path / "backup.json"
    call_command("backup", str(out), verbosity=0)

    Programme.objects.filter(slug="pats").update(fees_en="changed after the backup")
    get_user_model().objects.all().delete()
    version = catalogue_version()
    call_command("restore", str(out), "--yes", verbosity=0)
    assert catalogue_version() > version  # caches in every process drop what they held

    pats = Programme.objects.get(slug="pats")
    assert pats.fees_en == "" and pats.verified_by.username == "ngo-kljuc"
    assert Membership.objects.get(user__username="ngo-kljuc").organisation.slug == "kljuc"
    assert get_user_model().objects.get(username="ngo-kljuc").check_password("pw")
    after = {
        "programmes": Programme.objects.count(),
        "history": Programme.history.count(),
        "users": get_user_model().objects.count(),
        "attempts": Attempt.objects.count(),
    }
    assert after == before


def test_restore_refuses_to_overwrite_without_yes(tmp_path):
    out = tmp_path / "backup.json"
    call_command("backup", str(out), verbosity=0)
    with pytest.raises(CommandError, match="--yes") as error:
        call_command("restore", str(out))
    assert error.value.returncode == 2


@pytest.mark.parametrize("content", ["not json", None])
def test_restore_of_a_bad_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), "--yes")
    assert error.value.returncode == 2
    assert Programme.objects.exists()  # nothing was deleted
