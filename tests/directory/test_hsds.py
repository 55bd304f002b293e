"""HSDS 3.0: export validates against the official schemas, round-trips exactly, imports real input."""

import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from directory.hsds import HsdsError, import_path
from directory.models import Contact, Location, Organisation, Programme
from referral.models import Attempt
from tests.data import HSDS, required_files

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def validators():
    load = lambda name: json.loads((HSDS / "schema" / "compiled" / name).read_text())  # noqa: E731
    return {
        "services": jsonschema.Draft202012Validator(load("service.json")),
        "organizations": jsonschema.Draft202012Validator(load("organization.json")),
    }


def test_the_vendored_hsds_copy_is_complete_and_licensed():
    assert "Attribution-ShareAlike 4.0" in (HSDS / "LICENSE").read_text()
    assert "openreferral/specification" in (HSDS / "README.md").read_text()
    compiled = {p.name for p in required_files(HSDS / "schema" / "compiled", "*.json", at_least=6)}
    assert {"service.json", "organization.json", "service_list.json", "organization_list.json"} <= compiled
    assert json.loads((HSDS / "schema" / "openapi.json").read_text())["openapi"].startswith("3.")
    assert "https://" not in json.dumps(json.loads((HSDS / "schema" / "openapi-local.json").read_text())["paths"])
    assert len(required_files(HSDS / "examples", "*.json", at_least=10)) >= 10


def export(tmp_path, name="out"):
    call_command("export_hsds", str(tmp_path / name), verbosity=0)
    return tmp_path / name


def test_the_export_validates_against_the_official_schemas(tmp_path, validators):
    out = export(tmp_path)
    for lang in ("sl", "en"):
        for kind, validator in validators.items():
            documents = json.loads((out / lang / f"{kind}.json").read_text())
            assert documents
            for document in documents:
                errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
                assert errors == [], (lang, document["name"], errors[:3])


def test_services_carry_verification_phones_schedules_areas_languages_and_funding(tmp_path):
    from django.utils import timezone

    Programme.objects.filter(slug="kljuc-hotline").update(
        last_verified_at=timezone.make_aware(timezone.datetime(2026, 11, 2, 10)), verifier_email="member@kljuc.si"
    )
    Organisation.objects.filter(slug="kljuc").update(email="info@drustvo-kljuc.si")
    services = json.loads((export(tmp_path) / "en" / "services.json").read_text())
    hotline = next(s for s in services if s["name"] == "Ključ helpline")
    # The organisation's public address, never the member's own.
    assert (hotline["assured_date"], hotline["assurer_email"]) == ("2026-11-02", "info@drustvo-kljuc.si")
    assert "member@kljuc.si" not in json.dumps(services)
    assert hotline["phones"][0]["number"] == "+386801722"
    assert (hotline["schedules"][0]["byday"], hotline["schedules"][0]["opens_at"]) == ("MO,TU,WE,TH,FR", "09:00")
    assert hotline["email"] == "info@drustvo-kljuc.si"
    crisis = next(s for s in services if s["name"].startswith("Comprehensive care for victims of trafficking – crisis"))
    assert [f["source"] for f in crisis["funding"]] == [
        "Ministry of Labour, Family, Social Affairs and Equal Opportunities"
    ]
    mol = next(s for s in services if s["name"] == "Comprehensive care MOL (Ljubljana)")
    assert [a["name"] for a in mol["service_areas"]] == ["Ljubljana"]


def wipe_directory():
    """Organisations and programmes go; reference data (municipalities, languages, terms, funders) stays."""
    Attempt.objects.all().delete()
    Programme.objects.all().delete()
    Organisation.objects.all().delete()


def test_export_import_into_an_empty_database_export_again_is_identical(tmp_path):
    first = export(tmp_path, "first")
    wipe_directory()
    call_command("import_hsds", str(first), verbosity=0)
    second = export(tmp_path, "second")
    for lang in ("sl", "en"):
        for name in ("organizations.json", "services.json"):
            assert (first / lang / name).read_text() == (second / lang / name).read_text(), (lang, name)
    assert Programme.objects.get(slug="kljuc-hotline").name_sl == "Telefon Društva Ključ"


def test_a_dry_run_reports_and_changes_nothing(tmp_path, capsys):
    out = export(tmp_path)
    Programme.objects.filter(slug="pats").update(fees_en="changed here")
    call_command("import_hsds", str(out), "--dry-run")
    printed = capsys.readouterr().out
    assert "would update programme" in printed and "fees_en" in printed
    assert Programme.objects.get(slug="pats").fees_en == "changed here"


@pytest.mark.parametrize("example", ["service_full.json", "organization_full.json", "service_list.json"])
def test_the_official_examples_import(example):
    result = import_path(HSDS / "examples" / example, skip_unknown=True)
    changes = result.changes
    service = Programme.objects.get(uid="ac148810-d857-441c-9679-408f346de14b")
    assert service.name_en == "Community Counselling" and service.status == "active"
    assert service.organisation.name_en == "Example Organization Inc."
    assert any(line.startswith("create programme") for line in changes)
    if example != "service_list.json":
        phone = Contact.objects.get(programmes=service, kind="phone")
        assert phone.value == "+441234234567"
        assert sorted(h.days for h in phone.hours.all()) == ["fri", "thu"]


def test_invalid_input_names_the_record_and_field_and_imports_nothing(tmp_path):
    good = json.loads((HSDS / "examples" / "service_full.json").read_text())
    bad = dict(
        good,
        id="2b1e2a3c-0000-4000-8000-000000000001",
        name="Broken",
        phones=[{"id": "2b1e2a3c-0000-4000-8000-000000000002", "number": "call us"}],
    )
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([good, bad]))
    with pytest.raises(HsdsError) as error:
        import_path(path, skip_unknown=True)
    assert "Broken" in str(error.value) and "phones[0].number" in str(error.value)
    assert not Programme.objects.filter(uid=good["id"]).exists()  # the valid record was rolled back too


@pytest.mark.parametrize(
    "content, named",
    [
        ("not json", "JSON"),
        ('{"id": "x", "name": "A", "status": "active"}', "id"),
        ('{"id": "2b1e2a3c-0000-4000-8000-000000000003", "name": "A", "status": "sleeping"}', "status"),
        ('{"id": "2b1e2a3c-0000-4000-8000-000000000004", "name": "A", "status": "active"}', "organization_id"),
    ],
)
def test_the_import_command_exits_2_with_one_clear_line(tmp_path, content, named):
    path = tmp_path / "in.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=named) as error:
        call_command("import_hsds", str(path))
    assert error.value.returncode == 2


def test_a_confidential_address_is_never_exported(tmp_path, client):
    kljuc = Organisation.objects.get(slug="kljuc")
    secret = Location.objects.create(
        organisation=kljuc, name_sl="Hiša", name_en="House", address="Skrivna pot 9", city="Ptuj", confidential=True
    )
    Programme.objects.get(slug="safe-accommodation").locations.add(secret)
    out = export(tmp_path)
    for file in out.rglob("*.json"):
        assert "Skrivna pot" not in file.read_text()
    for url in ["/api/hsds/services/?per_page=100", "/api/hsds/organizations/?per_page=100"]:
        assert "Skrivna pot" not in client.get(url).content.decode()
