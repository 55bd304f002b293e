"""A plan for each need (DOMAIN v1.2): what can be reached now, what opens next and what one step
could open up, at frozen moments (a weekday morning, Friday night, Sunday at 3, Christmas) in Koper,
Ljubljana and Maribor; and the index's plan against a plain scan of the engine (the test oracle)."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from referral.triage import engine
from referral.triage.cache import load_catalogue
from referral.triage.services import triage
from referral.vocabulary import FACTS, LEVERS
from tests.referral import scan_oracle
from tests.referral.test_engine import facts_strategy
from tests.referral.test_index import MOMENTS, random_catalogue

LJ = ZoneInfo("Europe/Ljubljana")
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=LJ)
FRIDAY_NIGHT = datetime(2026, 12, 4, 22, 0, tzinfo=LJ)
SUNDAY_3AM = datetime(2026, 12, 6, 3, 0, tzinfo=LJ)
CHRISTMAS = datetime(2026, 12, 25, 10, 0, tzinfo=LJ)  # a Friday and a public holiday
MOMENTS_OF_NEED = [MONDAY_MORNING, FRIDAY_NIGHT, SUNDAY_3AM, CHRISTMAS]
TOWNS = ["koper", "ljubljana", "maribor"]

# The case from the field: an adult woman from Ukraine in forced labour who needs a bed tonight.
UKRAINIAN_WORKER = {
    "age_group": "adult",
    "gender": "female",
    "migration_status": "temporary_protection",
    "exploitation": ["labour"],
    "police_identified": False,
    "needs": ["accommodation"],
}


def plan_oracle(catalogue, facts, needs, at, limit=10):
    """The plan by scanning every programme with the engine: a second, simpler implementation
    that the index's must agree with (the product has one, `Outcome.plan`)."""
    rules, opening = catalogue.now(at)
    results = scan_oracle.evaluate(facts, rules, opening=opening, full=catalogue.full_at(at))["results"]
    rank = {r["programme"]: n for n, r in enumerate(results)}
    by_slug = {rule.slug: rule for rule in rules}

    def phones(slug):
        return [c for c in opening.get(slug, (None, ()))[1] if c["kind"] == "phone"]

    def reachable(slug):
        return any(c["open_now"] for c in phones(slug))

    def earliest(slug):
        times = [datetime.fromisoformat(c["next_open"]) for c in phones(slug) if c["next_open"]]
        return min(times).isoformat() if times else None

    entries = []
    for need in needs or [None]:
        serving = [r for r in results if need is None or need in by_slug[r["programme"]].offered_needs]
        suggested = [r["programme"] for r in serving if r["status"] != engine.EXCLUDED]
        later = [(slug, earliest(slug)) for slug in suggested if not reachable(slug)][:limit]
        later.sort(key=lambda pair: (pair[1] is None, pair[1] and datetime.fromisoformat(pair[1])))
        unlocks = []
        for r in serving:
            if r["status"] != engine.EXCLUDED:
                continue
            rule = by_slug[r["programme"]]
            for fact, (value, who) in LEVERS.items():
                if value is None:
                    value = min(rule.areas) if fact in facts and rule.areas else None
                if value is None or facts.get(fact) == value:
                    continue
                if engine.evaluate_one(rule, {**facts, fact: value})["status"] != engine.EXCLUDED:
                    unlocks.append((rank[rule.slug], {"programme": rule.slug, "if": {fact: value}, "who": who}))
        now = [slug for slug in suggested if reachable(slug)][:limit]
        entries.append(
            {
                "need": need,
                "now": now,
                "next": [{"programme": slug, "next_open": when} for slug, when in later],
                "unlocks": [entry for _rank, entry in sorted(unlocks, key=lambda pair: pair[0])][:limit],
                "nothing_now": not now,
            }
        )
    return entries


NEEDS = list(FACTS["needs"].values)


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 40), facts=facts_strategy, at=MOMENTS, needs=st.lists(st.sampled_from(NEEDS), max_size=3))
def test_the_plan_through_the_index_equals_a_scan_of_the_engine(seed, facts, at, needs):
    catalogue = random_catalogue(seed)
    needs = list(dict.fromkeys(needs))
    assert catalogue.outcome(facts, at).plan(needs, 10) == plan_oracle(catalogue, facts, needs, at)


@pytest.mark.django_db
@pytest.mark.parametrize("at", MOMENTS_OF_NEED, ids=["monday-10", "friday-22", "sunday-03", "christmas"])
@pytest.mark.parametrize("town", TOWNS)
def test_the_real_catalogue_plans_as_the_oracle_for_each_need_moment_and_town(at, town):
    facts = {**UKRAINIAN_WORKER, "municipality": town}
    catalogue = load_catalogue()
    assert triage(facts, at=at)["plan"] == plan_oracle(catalogue, facts, ["accommodation"], at, limit=20)
    every_need = {**facts, "needs": NEEDS}
    assert triage(every_need, at=at)["plan"] == plan_oracle(catalogue, every_need, NEEDS, at, limit=20)


def lines_open(answer):
    return answer["open_now"]


@pytest.mark.django_db
@pytest.mark.parametrize("at", MOMENTS_OF_NEED, ids=["monday-10", "friday-22", "sunday-03", "christmas"])
@pytest.mark.parametrize("need", NEEDS)
def test_each_need_holds_only_programmes_that_serve_it_and_now_only_what_a_phone_reaches(at, need):
    answer = triage({"exploitation": ["labour"], "migration_status": "third_country_regular", "needs": [need]}, at=at)
    (entry,) = answer["plan"]
    catalogue = load_catalogue()
    rules = {rule.slug: rule for rule in catalogue.rules}
    opening = catalogue.opening(at)
    listed = entry["now"] + [n["programme"] for n in entry["next"]] + [u["programme"] for u in entry["unlocks"]]
    assert all(need in rules[slug].offered_needs for slug in listed)
    for slug in entry["now"]:
        assert any(c["open_now"] for c in opening.get(slug)[1] if c["kind"] == "phone")
    for n in entry["next"]:
        assert not any(c["open_now"] for c in opening.get(n["programme"])[1] if c["kind"] == "phone")
    assert entry["nothing_now"] is (not entry["now"])
    assert all(slug in lines_open(answer) for slug in entry["now"])


@pytest.mark.django_db
def test_on_a_friday_night_in_koper_nothing_gives_her_a_bed_now_and_the_plan_says_what_could():
    answer = triage({**UKRAINIAN_WORKER, "municipality": "koper", "immediate_danger": True}, at=FRIDAY_NIGHT)
    assert answer["open_now"][:2] == ["emergency-112", "police-113"]  # danger: emergency numbers first
    assert "caritas-24h-line" in answer["open_now"]  # 24 hours
    assert "kljuc-hotline" not in answer["open_now"]  # working days 09:00–13:00: closed until Monday
    (bed,) = answer["plan"]
    assert bed["need"] == "accommodation" and bed["now"] == [] and bed["nothing_now"] is True
    later = {n["programme"]: n["next_open"] for n in bed["next"]}
    assert later["safe-accommodation"] == "2026-12-07T09:00:00+01:00"  # Monday morning
    assert later["uoim-integration-support"] is None  # its hours are not known
    assert {"programme": "crisis-accommodation", "if": {"police_identified": True}, "who": "police"} in bed["unlocks"]
    assert {"programme": "mol-crisis-accommodation", "if": {"municipality": "ljubljana"}, "who": None} in bed["unlocks"]


@pytest.mark.django_db
def test_once_identified_crisis_accommodation_is_reachable_at_any_hour_through_the_24_hour_line():
    for at in MOMENTS_OF_NEED:
        answer = triage({**UKRAINIAN_WORKER, "police_identified": True, "municipality": "koper"}, at=at)
        assert "crisis-accommodation" in answer["plan"][0]["now"]


@pytest.mark.django_db
def test_in_ljubljana_the_five_day_place_is_suitable_but_not_reachable_on_friday_night():
    answer = triage({**UKRAINIAN_WORKER, "municipality": "ljubljana"}, at=FRIDAY_NIGHT)
    (bed,) = answer["plan"]
    assert "mol-crisis-accommodation" not in bed["now"]
    assert {"programme": "mol-crisis-accommodation", "next_open": "2026-12-07T09:00:00+01:00"} in bed["next"]
    results = [r["programme"] for r in answer["results"] if r["status"] == "eligible"]
    # suitable programmes that cannot be reached now come after the reachable ones
    assert results.index("caritas-24h-line") < results.index("mol-crisis-accommodation")


@pytest.mark.django_db
def test_on_a_weekday_morning_in_ljubljana_the_five_day_place_can_be_called_now():
    (bed,) = triage({**UKRAINIAN_WORKER, "municipality": "ljubljana"}, at=MONDAY_MORNING)["plan"]
    assert "mol-crisis-accommodation" in bed["now"] and bed["nothing_now"] is False


@pytest.mark.django_db
def test_on_christmas_morning_the_working_day_lines_are_closed():
    answer = triage({**UKRAINIAN_WORKER, "municipality": "maribor"}, at=CHRISTMAS)
    assert "kljuc-hotline" not in answer["open_now"] and "caritas-24h-line" in answer["open_now"]
    (bed,) = answer["plan"]
    assert {"programme": "safe-accommodation", "next_open": "2026-12-28T09:00:00+01:00"} in bed["next"]


@pytest.mark.django_db
def test_sunday_at_3_a_minor_is_planned_with_the_social_work_centre_and_tom_telefon():
    answer = triage({"age_group": "minor", "exploitation": ["sexual"], "needs": ["psychosocial"]}, at=SUNDAY_3AM)
    (talk,) = answer["plan"]
    assert "sos-helpline" in answer["open_now"]  # 24 hours, for children too
    suggested = talk["now"] + [n["programme"] for n in talk["next"]]
    assert "social-work-centre" in suggested
    assert "tom-telefon" in [r["programme"] for r in answer["results"] if r["status"] == "eligible"]


@pytest.mark.django_db
def test_temporary_protection_opens_uoim_but_not_the_asylum_system_programmes():
    status = {r["programme"]: r["status"] for r in triage({"migration_status": "temporary_protection"})["results"]}
    assert status["uoim-integration-support"] == "eligible"
    assert status["filantropija-migration-counselling"] == "eligible"  # "not citizen" includes it
    assert status["pats"] == status["zip-language-course"] == "excluded"
    pic = triage({"migration_status": "temporary_protection", "needs": ["legal"]})["results"]
    assert next(r for r in pic if r["programme"] == "pic-asylum-legal-aid")["status"] == "excluded"


@pytest.mark.django_db
def test_cooperation_is_the_persons_own_decision_and_nobodys_step():
    facts = {"police_cooperation": "no", "needs": ["accommodation"], "exploitation": ["sexual"]}
    (bed,) = triage(facts, at=MONDAY_MORNING)["plan"]
    assert {"programme": "safe-accommodation", "if": {"police_cooperation": "yes"}, "who": None} in bed["unlocks"]


@pytest.mark.django_db
def test_without_needs_one_entry_plans_over_every_programme():
    answer = triage({"exploitation": ["labour"]}, at=MONDAY_MORNING)
    (entry,) = answer["plan"]
    assert entry["need"] is None
    assert set(entry["now"]) <= set(answer["open_now"]) and "migrant-counselling-office" in entry["now"]
    # the Labour Inspectorate's phone has no recorded hours: never "now", next without a time
    assert {"programme": "labour-inspectorate", "next_open": None} in entry["next"]


@pytest.mark.django_db
def test_the_plan_keeps_the_needs_in_the_order_given():
    answer = triage({"needs": ["legal", "accommodation", "legal"]}, at=MONDAY_MORNING)
    assert [entry["need"] for entry in answer["plan"]] == ["legal", "accommodation"]


@pytest.mark.django_db
def test_an_email_or_a_website_never_makes_a_programme_reachable_now():
    answer = triage({"migration_status": "asylum_applicant", "needs": ["legal"]}, at=MONDAY_MORNING)
    (legal,) = answer["plan"]
    assert "pic-asylum-legal-aid" not in legal["now"]  # only a website
    assert {"programme": "pic-asylum-legal-aid", "next_open": None} in legal["next"]


@pytest.mark.django_db
def test_the_api_plans_for_the_moment_and_role_it_is_given(client):
    facts = {**UKRAINIAN_WORKER, "municipality": "koper"}
    body = client.post(
        "/api/triage/?at=2026-12-04T22:00:00%2B01:00&role=police", facts, content_type="application/json"
    ).json()
    assert body["at"] == "2026-12-04T22:00:00+01:00" and body["role"] == "police"
    assert body["plan"][0]["nothing_now"] is True
    monday = client.post("/api/triage/?at=2026-11-30T10:00:00Z", facts, content_type="application/json").json()
    assert "kljuc-hotline" in monday["open_now"] and monday["role"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, key",
    [
        ("at=tonight", "at"),
        ("at=2026-12-04T22:00:00", "at"),  # no offset
        ("at=1800-01-01T00:00:00%2B01:00", "at"),
        ("role=victim", "role"),
        ("role=", "role"),
    ],
)
def test_the_api_refuses_a_bad_moment_or_role_with_a_json_error(client, query, key):
    response = client.post(f"/api/triage/?{query}", {}, content_type="application/json")
    assert response.status_code == 400
    assert [e["key"] for e in response.json()["errors"]] == [key]


@pytest.mark.django_db
def test_the_cli_takes_at_and_role_and_refuses_a_bad_moment(tmp_path):
    answers = tmp_path / "facts.json"
    answers.write_text(json.dumps({**UKRAINIAN_WORKER, "municipality": "koper"}))
    out = StringIO()
    call_command("triage", "--answers", str(answers), "--at", "2026-12-04T22:00:00+01:00", "--role", "ngo", stdout=out)
    body = json.loads(out.getvalue())
    assert body["role"] == "ngo" and body["plan"][0]["now"] == []
    with pytest.raises(CommandError) as refused:
        call_command("triage", "--answers", str(answers), "--at", "friday night")
    assert refused.value.returncode == 2 and "at:" in str(refused.value)


@pytest.mark.django_db
def test_without_at_the_answer_is_for_now():
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        assert triage({})["at"] == "2026-12-04T22:00:00+01:00"
