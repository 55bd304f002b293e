"""One phone, one row: a contact belongs to its organisation and serves its programmes; one edit
shows everywhere, one history shows old and new, one revert really restores."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.approvals import approve
from directory.models import Contact, Organisation, PendingChange, ProblemReport, Programme
from directory.services import Author, contact_create, contact_update
from tests.directory.formdata import edit_page_data
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
KLJUC_LINE = ["kljuc-hotline", "safe-accommodation", "mol-crisis-accommodation", "reintegration", "pats"]


@pytest.fixture
def member(client):
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user)
    return user


def phone():
    return Contact.objects.get(organisation__slug="kljuc", kind="phone")


def approved_by_a_colleague():
    """A second member of Ključ approves what waits (a phone change, a contact added or removed)."""
    colleague = make_user("ngo-kljuc-2", org="kljuc")
    for change in PendingChange.objects.filter(state="waiting"):
        approve(change=change, by=colleague)


def test_the_kljuc_line_is_one_row_serving_six_programmes():
    assert Contact.objects.filter(value="+386801722").count() == 1
    assert set(KLJUC_LINE) | {"prostitution-support"} == set(phone().programmes.values_list("slug", flat=True))


def test_an_edit_on_one_programme_page_shows_on_every_programme_it_serves(client, member):
    data = edit_page_data(client.get("/manage/programmes/pats/edit/"))
    row = next(k for k, v in data.items() if k.endswith("-value") and v == "+386801722")
    data[row] = "080 17 23"
    assert client.post("/manage/programmes/pats/edit/", data).status_code == 302
    approved_by_a_colleague()
    for slug in KLJUC_LINE:
        assert "tel:+386801723" in client.get(f"/directory/{slug}/").content.decode(), slug
    answer = client.post("/api/triage/", {"exploitation": ["sexual"]}, content_type="application/json").json()
    hotline = next(r for r in answer["results"] if r["programme"] == "kljuc-hotline")
    assert "+386801723" in json.dumps(hotline)


def test_the_history_shows_old_and_new_and_restoring_puts_the_number_back_everywhere(client, member):
    contact_update(contact=phone(), data={"value": "080 17 23"}, author=Author(member))
    page = client.get("/manage/programmes/reintegration/history/")
    change = next(e for e in page.context["contact_entries"] if e.changes)
    assert [(c.old, c.new) for c in change.changes if c.old == "+386801722"] == [("+386801722", "+386801723")]
    first = next(e for e in page.context["contact_entries"] if not e.latest)
    response = client.post(f"/manage/programmes/reintegration/history/contacts/{first.record.history_id}/revert/")
    assert response.status_code == 302
    assert phone().value == "+386801722"
    for slug in KLJUC_LINE:
        assert "tel:+386801722" in client.get(f"/directory/{slug}/").content.decode(), slug
    assert phone().history.first().history_change_reason.startswith("manage:reverted:")


def test_another_organisations_contact_history_cannot_be_restored_from_a_programme(client, member):
    caritas = Contact.objects.get(organisation__slug="karitas", kind="phone")
    contact_update(contact=caritas, data={"display": "031 470 151 (x)"}, author=Author(member))
    record = caritas.history.last()
    response = client.post(f"/manage/programmes/pats/history/contacts/{record.history_id}/revert/")
    assert response.status_code == 404
    caritas.refresh_from_db()
    assert caritas.display == "031 470 151 (x)"


def test_removing_the_line_from_one_programme_keeps_it_on_the_others(client, member):
    data = edit_page_data(client.get("/manage/programmes/pats/edit/"))
    row = next(k for k, v in data.items() if k.endswith("-value") and v == "+386801722")
    data[row.replace("-value", "-DELETE")] = "on"
    assert client.post("/manage/programmes/pats/edit/", data).status_code == 302
    approved_by_a_colleague()
    served = set(phone().programmes.values_list("slug", flat=True))
    assert "pats" not in served and "kljuc-hotline" in served


def test_adding_a_number_the_organisation_has_links_the_one_row(client, member):
    data = edit_page_data(client.get("/manage/programmes/prava-zveza/edit/"))
    extra = int(data["contacts-TOTAL_FORMS"]) - 1
    data.update({f"contacts-{extra}-kind": "phone", f"contacts-{extra}-value": "080 17 22"})
    assert client.post("/manage/programmes/prava-zveza/edit/", data).status_code == 302
    approved_by_a_colleague()
    assert Contact.objects.filter(value="+386801722").count() == 1
    assert phone().programmes.filter(slug="prava-zveza").exists()


def test_a_contact_serves_only_its_own_organisations_programmes(member):
    with pytest.raises(ValidationError, match="own organisation"):
        contact_update(
            contact=phone(), data={}, author=Author(member), programmes=[Programme.objects.get(slug="sos-helpline")]
        )
    with pytest.raises(ValidationError, match="own organisation"):
        contact_create(
            organisation=Organisation.objects.get(slug="kljuc"),
            data={"kind": "phone", "value": "01 234 56 78"},
            author=Author(member),
            programmes=[Programme.objects.get(slug="labour-inspectorate")],
        )


def test_the_database_keeps_one_row_per_organisation_and_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(organisation=phone().organisation, kind="phone", value="+386801722")


def test_a_phone_report_on_any_programme_finds_the_fix_to_the_shared_line(client, member):
    report = ProblemReport.objects.create(programme=Programme.objects.get(slug="pats"), reason="phone_wrong")
    contact_update(contact=phone(), data={"display": "080 17 22 (new)"}, author=Author(member))
    client.post(f"/manage/reports/{report.pk}/close/", {"status": "resolved", "note": "fixed"})
    report.refresh_from_db()
    assert report.fixed_by == phone().history.first().history_id


MIGRATE_BACK_AND_FORTH = """
import django, json
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
call_command("migrate", "directory", "0020", verbosity=0)  # an empty database as it was before
apps = MigrationExecutor(connection).loader.project_state(("directory", "0020_first_search_concepts")).apps
Org, Prog = apps.get_model("directory", "Organisation"), apps.get_model("directory", "Programme")
Contact, History = apps.get_model("directory", "Contact"), apps.get_model("directory", "HistoricalContact")
Hours = apps.get_model("directory", "OpeningHours")
org = Org.objects.create(slug="o", kind="ngo", name_sl="O", name_en="O")
a, b = (Prog.objects.create(slug=s, organisation=org, kind="helpline", name_sl=s, name_en=s) for s in "ab")
one = Contact.objects.create(programme=a, kind="phone", value="+386801722", position=0)
two = Contact.objects.create(programme=b, kind="phone", value="+386801722", position=0, anonymous=True)
Hours.objects.create(contact=two, days="working_days", opens="09:00", closes="13:00")
for c, display in ((one, "x"), (two, "y")):
    History.objects.create(id=c.pk, programme=c.programme, kind="phone", value=c.value, display=display,
        history_date="2026-01-01T00:00Z", history_type="~", position=0, uid=c.uid)
call_command("migrate", verbosity=0)
from directory.models import Contact
kept = Contact.objects.get()
print(json.dumps({"pk": kept.pk, "first": one.pk, "programmes": sorted(kept.programmes.values_list("slug", flat=True)),
    "anonymous": kept.anonymous, "hours": kept.hours.count(), "history": sorted(kept.history.values_list("display", flat=True)),
    "organisation": kept.organisation.slug}))
"""


def test_the_migration_merges_copies_into_the_oldest_keeping_every_history_row(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], env=env, check=True, cwd=Path(__file__).parents[2]
    )
    found = subprocess.run(
        [sys.executable, "-c", MIGRATE_BACK_AND_FORTH],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    merged = json.loads(found.stdout.strip().splitlines()[-1])
    assert merged["pk"] == merged["first"] and merged["programmes"] == ["a", "b"]
    assert merged["anonymous"] is True and merged["hours"] == 1 and merged["organisation"] == "o"
    assert merged["history"] == ["x", "y"]
