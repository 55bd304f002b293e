"""The cases cover the field: at least 60 in Slovenian and English, every programme that can be a
triage result required in two or more, every pathway note triggered in two or more, children,
nights, public holidays, temporary protection and every form of exploitation; keys fair and true."""

import re
from collections import Counter

import pytest

from directory.models import Programme, Status
from referral.models import Criterion, PathwayNote, Scenario
from referral.training.cases import at_night, case_moment, suggested_at
from referral.triage import engine
from referral.triage.cache import load_catalogue
from referral.vocabulary import FACTS, validate

pytestmark = pytest.mark.django_db
# Required wherever the rules make them eligible: the same rule, the same tier in every case.
ALWAYS_REQUIRED = {"emergency-112", "police-113", "social-work-centre", "undeclared-work-line", "furs-anonymous-line"}


@pytest.fixture
def cases():
    return list(Scenario.objects.all())


def outcomes(cases):
    catalogue = load_catalogue()
    return {case.slug: suggested_at(catalogue, case.facts, case_moment(case))[1] for case in cases}


def test_at_least_sixty_cases_each_written_in_slovenian_and_english(cases):
    assert len(cases) >= 60
    for case in cases:
        assert case.title_sl and case.title_en and case.title_sl != case.title_en, case.slug
        assert case.story_sl and case.story_en and case.story_sl != case.story_en, case.slug
        validate(case.facts)


def test_every_programme_that_can_be_a_result_is_required_in_two_cases(cases):
    never = set(Criterion.objects.filter(operator="never").values_list("programme__slug", flat=True))
    can_be_a_result = set(Programme.objects.filter(status=Status.ACTIVE).values_list("slug", flat=True)) - never
    required = Counter(slug for case in cases for slug in case.key)
    assert {slug: required[slug] for slug in can_be_a_result if required[slug] < 2} == {}


def test_every_pathway_note_is_triggered_in_two_cases(cases):
    notes = load_catalogue().notes
    triggered = Counter(note["id"] for case in cases for note in engine.notes_for(validate(case.facts), notes))
    assert {
        code: triggered[code] for code in PathwayNote.objects.values_list("code", flat=True) if triggered[code] < 2
    } == {}


def test_children_nights_holidays_temporary_protection_and_every_form_of_exploitation(cases):
    assert sum(case.facts.get("age_group") == "minor" for case in cases) >= 6
    assert sum(at_night(case) and not case.holiday for case in cases) >= 6
    assert sum(bool(case.holiday) for case in cases) >= 4
    assert sum(case.facts.get("migration_status") == "temporary_protection" for case in cases) >= 4
    forms = Counter(form for case in cases for form in case.facts.get("exploitation", []))
    assert {form: forms[form] for form in FACTS["exploitation"].values if forms[form] < 2} == {}
    assert set(FACTS["migration_status"].values) <= {case.facts.get("migration_status") for case in cases}


def test_every_key_agrees_with_the_rules_at_the_case_moment(cases):
    catalogue = load_catalogue()
    for case in cases:
        suggested, outcome = suggested_at(catalogue, case.facts, case_moment(case))
        eligible = {r["programme"] for r in outcome.ranked() if r["status"] == "eligible"}
        assert set(case.key) <= suggested, case.slug
        assert not set(case.wrong) & suggested, case.slug
        assert set(case.also_right) <= eligible and not set(case.also_right) & set(case.key), case.slug


def test_the_same_rule_puts_a_programme_in_the_same_tier_in_every_case(cases):
    for case, outcome in zip(cases, outcomes(cases).values(), strict=True):
        eligible = {r["programme"] for r in outcome.ranked() if r["status"] == "eligible"}
        assert eligible & ALWAYS_REQUIRED <= set(case.key), case.slug
        if "labour-inspectorate" in eligible and case.facts.get("stage") != "rebuilding":
            assert "labour-inspectorate" in case.key, case.slug


def test_a_night_or_holiday_case_requires_someone_who_can_be_reached_then(cases):
    found = outcomes(cases)
    for case in cases:
        if at_night(case) or case.holiday:
            assert set(found[case.slug].open_now(50)) & set(case.key), case.slug


def test_every_wrong_pick_has_the_rule_that_excludes_it(cases):
    found = outcomes(cases)
    for case in cases:
        results = {r["programme"]: r for r in found[case.slug].ranked()}
        for slug in case.wrong:
            assert any(not reason["met"] for reason in results[slug]["reasons"]), (case.slug, slug)


def test_stories_carry_no_real_contact_details(cases):
    phone_or_mail = re.compile(r"@|\+?\d[\d /-]{6,}\d|https?://")
    for case in cases:
        assert not phone_or_mail.search(case.story_sl + case.story_en), case.slug
