"""Sources that can be checked: whatever is marked as from the research report says where in it
(section and table), and what the report does not say is not marked as from it."""

import re

import pytest
from django.utils import translation

from directory.models import Contact, Organisation, Programme, Source
from referral.models import PathwayNote

pytestmark = pytest.mark.django_db
WHERE = re.compile(r"razdelek \d\.\d.* / the report, section \d\.\d")


@pytest.mark.parametrize("model", [Programme, Organisation, Contact])
def test_everything_from_the_report_names_where_in_it(model):
    found = model.objects.filter(source=Source.REPORT)
    assert found.exists()
    assert [str(item) for item in found if not WHERE.search(item.source_note)] == []


def test_every_note_citing_the_report_names_a_section():
    for note in PathwayNote.objects.all():
        if "report" in note.source.lower():
            assert re.search(r"section \d\.\d", note.source), note.code


def test_what_the_report_does_not_say_is_not_marked_as_from_it():
    for slug in ("csd", "policija", "sos-telefon"):  # descriptions from their own public pages
        assert Organisation.objects.get(slug=slug).source == Source.PUBLIC, slug
    safe = Programme.objects.get(slug="safe-accommodation")
    assert "crisis" not in safe.description_en and "krizni" not in safe.description_sl
    line, care = Programme.objects.get(slug="kljuc-hotline"), Programme.objects.get(slug="reintegration")
    assert "9:00 to 13:00" in line.description_en and line.description_en != care.description_en


def test_the_working_group_link_is_the_one_the_report_gives():
    group = Programme.objects.get(slug="national-working-group")
    assert [c.value for c in group.contacts.all()] == [
        "https://www.gov.si/en/registries/working-bodies/the-national-working-group-for-combating-trafficking-in-human-being/"
    ]


def test_the_day_centre_names_both_end_years_the_report_gives():
    centre = Programme.objects.get(slug="migrant-day-centre")
    with translation.override("en"):
        note = centre.source_note_shown
    assert "December 2017" in note and "31 December 2027" in note and str(centre.end_date) == "2027-12-31"


def test_the_undocumented_fear_note_says_what_its_study_found():
    note = PathwayNote.objects.get(code="undocumented-fear")
    assert "domestic violence" in note.text_en and "Vah Jevšnik 2016" in note.source
