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


def test_a_restore_moves_the_catalogue_version_forward_past_every_number_seen(tmp_path):
    from directory.models import CatalogueVersion

    out = tmp_path / "backup.json"
    call_command("backup", str(out))
    backed_up = catalogue_version()
    for _ in range(5):  # changes after the backup: a worker may have cached any of these numbers
        programme_verify(programme=Programme.objects.get(slug="pats"), author=Author(None))
    seen = catalogue_version()
    assert seen > backed_up
    call_command("restore", str(out), "--yes")
    assert catalogue_version() > seen
    assert CatalogueVersion.objects.get().reset_at == catalogue_version()  # every cache starts again


def test_a_restore_never_brings_back_an_ended_cookie_or_what_a_triage_did_once(tmp_path, client):
    import json
    from datetime import timedelta

    from django.utils import timezone

    from referral.models import EndedSeal, SealMark
    from referral.questionnaire.sealed import COOKIE

    # A backup made while a triage was going on; then the worker pressed quick exit.
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    copied = client.cookies[COOKIE].value
    out = tmp_path / "backup.json"
    call_command("backup", str(out))
    assert "endedseal" not in out.read_text().lower()

    def replayed():
        from django.test import Client

        replay = Client(HTTP_ACCEPT_LANGUAGE="en")
        replay.cookies[COOKIE] = copied
        return replay.get("/triage/check/").status_code

    assert replayed() == 200  # the copy works while the triage does
    client.post("/exit/")
    ended = set(EndedSeal.objects.values_list("digest", flat=True))
    marks = set(SealMark.objects.values_list("digest", flat=True))
    # An older backup that holds ended cookies of its own (made before they were left out).
    older = json.loads(out.read_text())
    until = (timezone.now() + timedelta(hours=1)).isoformat()
    older.append({"model": "referral.endedseal", "pk": 999, "fields": {"digest": "0" * 64, "until": until}})
    (tmp_path / "older.json").write_text(json.dumps(older))
    for path in (out, tmp_path / "older.json"):
        call_command("restore", str(path), "--yes")
        assert set(EndedSeal.objects.values_list("digest", flat=True)) == ended
        assert set(SealMark.objects.values_list("digest", flat=True)) == marks
        assert replayed() == 302  # the ended copy is still refused
