"""The HSDS tabular form: `export_hsds --tabular OUT` writes CSV files and OUT/datapackage.json,
a Frictionless Tabular Data Package that the frictionless library validates (types, required
fields, unique ids, foreign keys)."""

import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from frictionless import validate

from directory.models import Contact, ContactKind, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(tmp_path):
    call_command("export_hsds", str(tmp_path), "--tabular", "--language", "en", verbosity=0)
    return tmp_path


def rows(folder, name):
    with (folder / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_package_validates_with_frictionless(package):
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_table_and_column_is_the_standards_own(package):
    described = json.loads((package / "datapackage.json").read_text())
    assert described["profile"] == "tabular-data-package" and described["language"] == "en"
    names = {r["name"]: r for r in described["resources"]}
    assert {"organization", "service", "phone", "schedule", "service_area", "attribute"} <= set(names)
    service = names["service"]
    assert service["path"] == "services.csv" and service["schema"]["primaryKey"] == ["id"]
    fields = {f["name"]: f for f in service["schema"]["fields"]}
    assert fields["id"]["format"] == "uuid" and fields["name"]["constraints"]["required"]
    assert {"fields": "organization_id", "reference": {"resource": "organization", "fields": "id"}} in service[
        "schema"
    ]["foreignKeys"]
    # the columns are HSDS's, in its order, whatever we fill
    assert list(rows(package, "services.csv")[0])[:4] == ["id", "organization_id", "program_id", "name"]


def test_the_rows_are_the_directory(package):
    services = rows(package, "services.csv")
    assert len(services) == Programme.objects.count()
    hotline = next(s for s in services if s["name"] == "Ključ helpline")
    numbers = {p["number"] for p in rows(package, "phones.csv") if p["service_id"] == hotline["id"]}
    stored = set(
        Contact.objects.filter(programmes__slug="kljuc-hotline", kind=ContactKind.PHONE).values_list("value", flat=True)
    )
    assert numbers == stored
    attributes = rows(package, "attributes.csv")
    slug = next(a for a in attributes if a["link_id"] == hotline["id"] and a["value"] == "kljuc-hotline")
    term_ids = {t["id"] for t in rows(package, "taxonomy_terms.csv")}
    assert slug["taxonomy_term_id"] in term_ids


def test_a_broken_reference_is_caught_by_the_validator(package):
    phones = (package / "phones.csv").read_text().splitlines()
    header, first, *rest = phones
    columns = header.split(",")
    cells = next(csv.reader([first]))
    cells[columns.index("service_id")] = "00000000-0000-4000-8000-000000000000"
    broken = ",".join(f'"{c}"' for c in cells)
    (package / "phones.csv").write_text("\n".join([header, broken, *rest]) + "\n")
    report = validate(str(package / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_a_bad_language_or_folder_is_one_clear_line(tmp_path):
    with pytest.raises(CommandError, match="--language must be one of sl, en") as error:
        call_command("export_hsds", str(tmp_path), "--tabular", "--language", "de")
    assert error.value.returncode == 2
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(CommandError, match="cannot write") as error:
        call_command("export_hsds", str(blocked / "sub"), "--tabular")
    assert error.value.returncode == 2
