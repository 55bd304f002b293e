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
    index = next(i for i, r in enumerate(rows) if r["value"] == "+386801722")
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
