"""Admin CSV export and import of programmes and contacts."""

import pytest
import tablib
from django.urls import reverse

from directory.models import Contact, Programme
from directory.resources import ContactResource, ProgrammeResource

pytestmark = pytest.mark.django_db


def test_programmes_export_as_csv_keyed_by_slug():
    csv = ProgrammeResource().export().csv
    header = csv.splitlines()[0].split(",")
    assert header[:4] == ["slug", "organisation", "kind", "status"]
    assert "kljuc-hotline,kljuc,helpline,active" in csv


def test_a_csv_import_updates_by_slug_and_reports_it():
    data = ProgrammeResource().export()
    row = data.dict[[r["slug"] for r in data.dict].index("pats")]
    changed = tablib.Dataset(headers=data.headers)
    changed.append([row[h] if h != "fees_en" else "free, no referral needed" for h in data.headers])
    result = ProgrammeResource().import_data(changed, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["update"] == 1
    assert Programme.objects.get(slug="pats").fees_en == "free, no referral needed"


def test_a_csv_row_with_a_bad_phone_is_refused_and_nothing_is_saved():
    before = Contact.objects.filter(value="+386801722").count()
    data = ContactResource().export()
    rows = data.dict
    index = next(i for i, r in enumerate(rows) if r["value"] == "'+386801722")
    broken = tablib.Dataset(headers=data.headers)
    for i, r in enumerate(rows[: index + 1]):
        broken.append([("not a phone" if (i == index and h == "value") else r[h]) for h in data.headers])
    result = ContactResource().import_data(broken, dry_run=False, use_transactions=True)
    assert result.has_validation_errors()
    assert Contact.objects.filter(value="+386801722").count() == before  # untouched
    assert Contact.objects.get(uid=rows[index]["uid"]).value == "+386801722"


def test_the_admin_offers_import_and_export(admin_client):
    page = admin_client.get(reverse("admin:directory_programme_changelist")).content.decode()
    assert reverse("admin:directory_programme_import") in page and reverse("admin:directory_programme_export") in page
    assert admin_client.get(reverse("admin:directory_contact_import")).status_code == 200


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+1+1", "-2+3", "\tcmd"])
def test_exports_never_hold_a_formula_and_import_back_unchanged(payload):
    from directory.services import ADMIN, Author, contact_update, programme_update

    programme = Programme.objects.get(slug="pats")
    programme_update(programme=programme, data={"name_en": payload}, author=Author(via=ADMIN))
    phone = Contact.objects.filter(programmes=programme, kind="phone").first()
    contact_update(contact=phone, data={"label_en": payload}, author=Author(via=ADMIN))
    for resource in (ProgrammeResource(), ContactResource()):
        exported = resource.export()
        for row in exported.dict:
            assert not any(str(cell).startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row
        assert any(cell == "'" + payload for row in exported.dict for cell in row.values())
        result = resource.import_data(exported, dry_run=False)
        assert not result.has_errors() and not result.has_validation_errors()
    assert Programme.objects.get(slug="pats").name_en == payload
    assert Contact.objects.get(pk=phone.pk).label_en == payload


def test_the_cohort_csv_never_holds_a_formula(admin_client):
    from referral.models import Scenario

    Scenario.objects.filter(slug="boy-begging-at-market").update(slug="=cmd")
    body = admin_client.get("/training/cohort.csv").content.decode()
    assert "'=cmd" in body and "\n=cmd" not in body
