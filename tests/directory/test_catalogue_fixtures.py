"""The canonical catalogue of DOMAIN.md loads with exactly its slugs, phones, hours and areas."""

from datetime import time

import pytest

from directory.models import Contact, Organisation, Programme, Status

pytestmark = pytest.mark.django_db

ORGANISATIONS = {
    "kljuc",
    "karitas",
    "filantropija",
    "pic",
    "zsss",
    "irsd",
    "furs",
    "policija",
    "uoim",
    "sos-telefon",
    "csd",
}
PROGRAMMES = {
    "unhcr-services-list",
    "national-working-group",
    "crisis-accommodation",
    "safe-accommodation",
    "mol-crisis-accommodation",
    "reintegration",
    "pats",
    "prostitution-support",
    "prava-zveza",
    "kljuc-hotline",
    "caritas-24h-line",
    "migrant-counselling-office",
    "labour-inspectorate",
    "undeclared-work-line",
    "furs-anonymous-line",
    "pic-asylum-legal-aid",
    "filantropija-migration-counselling",
    "migrant-day-centre",
    "uoim-integration-support",
    "zip-language-course",
    "pogum",
    "emergency-112",
    "police-113",
    "police-anonymous-line",
    "sos-helpline",
    "tom-telefon",
    "missing-children-116000",
    "social-work-centre",
}
PHONES = {
    "kljuc-hotline": "+386801722",
    "migrant-counselling-office": "+386801434",
    "labour-inspectorate": "+38614784745",
    "undeclared-work-line": "+38614361411",
    "furs-anonymous-line": "+386801122",
    "emergency-112": "112",
    "police-113": "113",
    "police-anonymous-line": "+386801200",
    "sos-helpline": "+386801155",
    "tom-telefon": "116111",
    "missing-children-116000": "116000",
    "caritas-24h-line": "+38631470151",
    "filantropija-migration-counselling": "+38614301288",
}


def test_it_holds_every_organisation_and_programme_slug_of_the_domain():
    assert set(Organisation.objects.values_list("slug", flat=True)) >= ORGANISATIONS
    assert set(Programme.objects.values_list("slug", flat=True)) == PROGRAMMES


def test_every_programme_has_names_and_descriptions_in_both_languages():
    for programme in Programme.objects.all():
        for field in ("name", "description", "eligibility", "offers"):
            assert getattr(programme, f"{field}_sl"), (programme.slug, field)
            assert getattr(programme, f"{field}_en"), (programme.slug, field)


def test_each_phone_is_stored_in_e164_or_as_a_short_code():
    for slug, number in PHONES.items():
        values = Contact.objects.filter(programmes__slug=slug, kind="phone").values_list("value", flat=True)
        assert number in values, slug


def test_helpline_hours_match_the_domain():
    hotline = Contact.objects.get(programmes__slug="kljuc-hotline", kind="phone")
    assert [(h.days, h.opens, h.closes) for h in hotline.hours.all()] == [("working_days", time(9), time(13))]
    office = Contact.objects.get(programmes__slug="migrant-counselling-office", kind="phone")
    assert [(h.days, h.opens, h.closes) for h in office.hours.all()] == [("working_days", time(8), time(17))]
    assert hotline.toll_free and office.toll_free


def test_round_the_clock_lines_are_marked_24_7():
    always = set(Contact.objects.filter(always_open=True).values_list("programmes__slug", flat=True))
    assert {"emergency-112", "police-113", "sos-helpline", "caritas-24h-line"} <= always


def test_anonymous_channels_are_flagged():
    anonymous = set(Contact.objects.filter(anonymous=True).values_list("programmes__slug", flat=True))
    assert {"furs-anonymous-line", "police-anonymous-line", "prostitution-support"} <= anonymous


def test_pogum_stays_in_the_directory_as_ended():
    assert Programme.objects.get(slug="pogum").status == Status.ENDED
    assert not Programme.objects.current().filter(slug="pogum").exists()


def test_service_areas_follow_the_domain():
    mol = Programme.objects.get(slug="mol-crisis-accommodation")
    day_centre = Programme.objects.get(slug="migrant-day-centre")
    assert not mol.area_national
    assert set(mol.area_municipalities.values_list("slug", flat=True)) == {"ljubljana"}
    assert set(day_centre.area_municipalities.values_list("slug", flat=True)) == {
        "ljubljana",
        "maribor",
        "logatec",
    }
    assert str(day_centre.start_date) == "2020-01-01" and str(day_centre.end_date) == "2027-12-31"


def test_facts_from_the_report_are_not_yet_verified_and_uncertain_owner_is_flagged():
    assert not Programme.objects.filter(last_verified_at__isnull=False).exists()
    assert Programme.objects.get(slug="undeclared-work-line").provider_uncertain
    assert Programme.objects.get(slug="crisis-accommodation").figures_en.startswith("63")


def test_safe_houses_are_confidential_locations():
    programme = Programme.objects.get(slug="safe-accommodation")
    assert all(location.confidential for location in programme.locations.all())
    assert programme.locations.exists()


def test_seeding_twice_changes_nothing(django_assert_num_queries):
    from django.core.management import call_command

    before = Programme.objects.count(), Contact.objects.count()
    with django_assert_num_queries(1):  # only the "is anything there?" check
        call_command("seed_catalogue", verbosity=0)
    assert (Programme.objects.count(), Contact.objects.count()) == before


def test_programmes_claim_no_language_and_no_fee_that_no_source_gives():
    assert not Programme.languages.through.objects.exists()  # the report records no programme's languages
    interpreting = set(Programme.objects.filter(interpretation=True).values_list("slug", flat=True))
    assert interpreting == {"crisis-accommodation", "caritas-24h-line"}
    free = set(Programme.objects.exclude(fees_en="").values_list("slug", flat=True))
    assert {"prostitution-support", "pic-asylum-legal-aid", "zip-language-course", "emergency-112"} <= free
    assert not free & {"pats", "reintegration", "safe-accommodation", "crisis-accommodation"}


def test_the_v1_1_entries_come_with_their_contacts_and_provenance():
    pic = Contact.objects.get(programmes__slug="pic-asylum-legal-aid", kind="web")
    assert pic.value == "https://www.pic.si/"
    unhcr = Programme.objects.get(slug="unhcr-services-list")
    assert unhcr.contacts.get().value == "https://help.unhcr.org/slovenia/services/" and unhcr.source == "report"
    group = Programme.objects.get(slug="national-working-group")
    assert group.start_year == 2003 and group.criteria.get().operator == "never"
