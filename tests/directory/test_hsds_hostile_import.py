"""Hostile HSDS files: every shape an attacker tried ends in exit 2 with one line naming the record
and the field, and nothing is imported. References to what the directory does not have are
errors, or listed and skipped with --skip-unknown."""

import json

import pytest
from django.core.management import CommandError, call_command

from directory.models import Funder, Language, Municipality, Programme, Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def pats(tmp_path):
    """PATS as an HSDS service document (English), as our own export writes it."""
    call_command("export_hsds", str(tmp_path / "out"), verbosity=0)
    services = json.loads((tmp_path / "out" / "en" / "services.json").read_text())
    return next(s for s in services if s["id"] == str(Programme.objects.get(slug="pats").uid))


def write(tmp_path, content):
    path = tmp_path / "in.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def refused(path, *naming, flags=()):
    before = (Programme.objects.count(), Programme.objects.get(slug="pats").version)
    with pytest.raises(CommandError) as error:
        call_command("import_hsds", str(path), *flags)
    message = str(error.value)
    assert error.value.returncode == 2 and "\n" not in message
    for word in naming:
        assert word in message, message
    assert (Programme.objects.count(), Programme.objects.get(slug="pats").version) == before
    return message


def attribute(doc, code):
    return next(a for a in doc["attributes"] if a["taxonomy_term"]["code"] == code)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"phones": "+386 1 234 56 78"}, "phones"),
        ({"languages": "sl"}, "languages"),
        ({"service_areas": [42]}, "service_areas[0]"),
        ({"status": ["active"]}, "status"),
        ({"name": ["a", "b"]}, "name"),
        ({"description": {"text": "x"}}, "description"),
        ({"assured_date": "2024-02-31"}, "assured_date"),
        ({"assured_date": "0000-01-01"}, "assured_date"),
        ({"description": "x" * 20_000}, "description"),
        ({"phones": [{"id": "2b1e2a3c-0000-4000-8000-000000000009", "number": 1234567}]}, "phones[0].number"),
        (
            {"organization": {"id": "2b1e2a3c-0000-4000-8000-00000000000a", "name": "Old", "year_incorporated": 1700}},
            "organization.year_incorporated",
        ),
        ({"attributes": [{"taxonomy_term": {"code": "kazipot-slug"}, "value": ["pats"]}]}, "attributes[0].value"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_a_wrong_shape_is_refused_naming_the_record_and_field(tmp_path, pats, change, field):
    refused(write(tmp_path, {**pats, **change}), field)


@pytest.mark.parametrize(
    "content, naming",
    [
        ("[" * 2000 + "]" * 2000, "nested"),
        ('{"id": "x", "name": NaN, "status": "active"}', "NaN"),
        ('{"id": "x", "name": "A", "status": "active", "year": Infinity}', "Infinity"),
        ('{"id": "x", "founded": 1e999}', "too large"),
        (b'{"name": "\xff"}', "UTF-8"),
    ],
    ids=["deep-nesting", "nan", "infinity", "huge-float", "not-utf8"],
)
def test_unreadable_json_is_refused_in_one_line(tmp_path, content, naming):
    refused(write(tmp_path, content), "JSON", naming)


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path, pats, monkeypatch):
    from directory import hsds

    monkeypatch.setattr(hsds, "MAX_FILE_BYTES", 50_000)
    refused(write(tmp_path, {**pats, "alert": "x" * 60_000}), "larger than")


def test_a_slug_that_belongs_to_another_programme_is_refused(tmp_path, pats):
    attribute(pats, "kazipot-slug")["value"] = "kljuc-hotline"
    refused(write(tmp_path, pats), "slug")


def test_opening_hours_of_another_programme_are_never_taken_over(tmp_path, pats):
    from directory.models import OpeningHours

    theirs = OpeningHours.objects.filter(contact__programmes__slug="migrant-counselling-office").first()
    pats["schedules"] = [{"id": str(theirs.uid), "opens_at": "08:00", "closes_at": "09:00", "byday": "MO"}]
    refused(write(tmp_path, pats), "schedules.id")
    assert OpeningHours.objects.get(pk=theirs.pk).contact.programmes.filter(slug="migrant-counselling-office").exists()


@pytest.mark.parametrize(
    "change, field, what",
    [
        ({"service_areas": [{"name": "Atlantis"}]}, "service_areas[0]", "municipality 'Atlantis'"),
        ({"languages": [{"code": "xx", "name": "Nowhere"}]}, "languages[0].code", "language 'xx'"),
        ({"funding": [{"source": "A made-up fund"}]}, "funding[0]", "funder 'A made-up fund'"),
    ],
)
def test_unknown_references_are_errors_or_listed_and_skipped(tmp_path, pats, capsys, change, field, what):
    counts = [m.objects.count() for m in (Municipality, Language, Funder, Term)]
    path = write(tmp_path, {**pats, **change})
    refused(path, field, what)
    call_command("import_hsds", str(path), "--skip-unknown")
    assert f"{field}: skipped {what}" in capsys.readouterr().out
    assert [m.objects.count() for m in (Municipality, Language, Funder, Term)] == counts  # nothing created


def test_an_unknown_taxonomy_term_is_an_error(tmp_path, pats):
    pats["attributes"].append(
        {
            "id": "2b1e2a3c-0000-4000-8000-00000000000b",
            "taxonomy_term": {"code": "kazipot-term"},
            "value": "audience:martians",
        }
    )
    refused(write(tmp_path, pats), "kazipot-term", "audience:martians")


def test_a_file_that_is_not_an_export_folder_or_record_is_refused(tmp_path):
    refused(write(tmp_path, "[1, 2]"), "JSON object")
    (tmp_path / "folder" / "en").mkdir(parents=True)
    (tmp_path / "folder" / "en" / "services.json").write_text('{"not": "a list"}')
    refused(tmp_path / "folder", "list of records")
