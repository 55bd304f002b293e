"""Words that say the rule, not the person: every criterion has its requirement in both languages,
and an excluded programme's reason shows it ("Only for people in Ljubljana"), never a statement
about the person that is false for them ("The person is in Ljubljana" for someone in Koper)."""

import re

import pytest
from django.utils import translation

from referral.models import Criterion
from referral.triage.build import fallback_requirement
from referral.triage.services import triage

pytestmark = pytest.mark.django_db

# How a requirement begins: a rule ("Only…", "Not…") or what the entry is ("A network…", "This programme…").
RULE_WORDS = {"en": r"^(Only|Not|A network|This programme)\b", "sl": r"^(Samo|Ne|Mreža|Ta program)\b"}
ABOUT_THE_PERSON = {"en": r"\bThe person\b", "sl": r"\bOseba\b"}


def test_every_criterion_of_the_catalogue_states_its_rule_in_both_languages():
    criteria = list(Criterion.objects.select_related("programme"))
    assert len(criteria) >= 49
    for criterion in criteria:
        for lang in ("sl", "en"):
            text = getattr(criterion, f"requirement_{lang}")
            assert re.match(RULE_WORDS[lang], text), (criterion.programme.slug, lang, text)
            assert not re.search(ABOUT_THE_PERSON[lang], text), (criterion.programme.slug, lang, text)


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_every_excluded_reason_carries_the_requirement_in_the_language_asked(lang):
    # Facts that exclude as many programmes as possible, each for its own reason.
    facts = {
        "immediate_danger": False,
        "age_group": "adult",
        "gender": "male",
        "migration_status": "citizen",
        "police_identified": False,
        "police_cooperation": "no",
        "exploitation": [],
        "labour_indicators": [],
        "in_prostitution": False,
        "stage": "in_situation",
        "municipality": "koper",
        "needs": [],
        "wants_anonymity": False,
    }
    with translation.override(lang):
        results = triage(facts)["results"]
    excluded = [r for r in results if r["status"] == "excluded"]
    assert len(excluded) >= 20
    for result in excluded:
        (failed,) = [reason for reason in result["reasons"] if reason["met"] is False]
        assert re.match(RULE_WORDS[lang], failed["requirement"]), (result["programme"], failed)
    mol = next(r for r in excluded if r["programme"] == "migrant-day-centre")
    assert mol["reasons"][0]["text"]  # the v1 text stays for v1 clients


def test_the_results_page_shows_why_not_as_the_rule(client):
    client.post("/triage/")
    for key, value in [("immediate_danger", "no"), ("needs", ["accommodation"]), ("police_identified", "no")]:
        client.post(f"/triage/q/{key}/", {"answer": value})
    client.post("/triage/q/municipality/", {"answer": "koper"})
    page = client.get("/triage/results/").content.decode()
    excluded = page[page.index("Not suitable, and why") :]
    assert "Only for people in Ljubljana." in excluded
    assert "The person is in Ljubljana" not in page


def test_a_criterion_without_a_written_requirement_gets_one_from_the_vocabulary():
    with translation.override("en"):
        assert fallback_requirement("migration_status", "in", ("asylum_applicant",)) == (
            "Only for “Residence situation”: Has applied for asylum (international protection)."
        )
        assert (
            fallback_requirement("exploitation", "not_empty", ())
            == "Only when “What happened” is answered with something."
        )
        assert fallback_requirement("", "never", ()) == "Not a result of the questionnaire."
