"""The pure matching engine: every operator, clause logic, ordering and next-question ranking."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referral.triage.engine import Condition, Rule, check, evaluate_one
from referral.vocabulary import FACTS, LIST
from tests.referral.scan_oracle import evaluate

AREA_RULE = Rule("local", areas=frozenset({"ljubljana"}))


@pytest.mark.parametrize(
    "condition, facts, expected",
    [
        (Condition("police_identified", "is", (True,)), {"police_identified": True}, True),
        (Condition("police_identified", "is", (True,)), {"police_identified": False}, False),
        (Condition("police_identified", "is", (True,)), {}, None),
        (Condition("migration_status", "in", ("asylum_applicant",)), {"migration_status": "asylum_applicant"}, True),
        (Condition("migration_status", "in", ("asylum_applicant",)), {"migration_status": "citizen"}, False),
        (Condition("migration_status", "not_in", ("citizen",)), {"migration_status": "eu_citizen"}, True),
        (Condition("migration_status", "not_in", ("citizen",)), {"migration_status": "citizen"}, False),
        (Condition("exploitation", "includes_any", ("labour",)), {"exploitation": ["sexual", "labour"]}, True),
        (Condition("exploitation", "includes_any", ("labour",)), {"exploitation": ["sexual"]}, False),
        (Condition("exploitation", "includes_any", ("labour",)), {"exploitation": []}, False),
        (Condition("exploitation", "not_empty"), {"exploitation": ["begging"]}, True),
        (Condition("exploitation", "not_empty"), {"exploitation": []}, False),
        (Condition("exploitation", "not_empty"), {}, None),
        (Condition("", "never"), {}, False),
    ],
)
def test_each_operator(condition, facts, expected):
    assert check(condition, facts, Rule("x")) is expected


def test_service_area_operator_uses_the_programme_area():
    condition = Condition("municipality", "in_service_area")
    assert check(condition, {"municipality": "ljubljana"}, AREA_RULE) is True
    assert check(condition, {"municipality": "kranj"}, AREA_RULE) is False
    assert check(condition, {"municipality": "kranj"}, Rule("national")) is True
    assert check(condition, {}, AREA_RULE) is None


SHELTER = Rule(
    "shelter",
    clauses=(
        (Condition("police_identified", "is", (True,), "identified"),),
        (
            Condition("immediate_danger", "is", (True,), "danger"),
            Condition("needs", "includes_any", ("accommodation",), "needs a bed"),
        ),
    ),
)


def test_all_clauses_met_is_eligible_with_the_reasons_that_held():
    result = evaluate_one(SHELTER, {"police_identified": True, "needs": ["accommodation"]})
    assert result["status"] == "eligible"
    assert [r["text"] for r in result["reasons"]] == ["identified", "needs a bed"]
    assert result["missing"] == []


def test_a_failed_clause_excludes_and_its_reason_comes_first():
    result = evaluate_one(SHELTER, {"police_identified": False, "needs": ["accommodation"]})
    assert result["status"] == "excluded"
    assert result["reasons"][0] == {"fact": "police_identified", "met": False, "text": "identified", "requirement": ""}


def test_unknown_facts_leave_it_possible_and_are_listed():
    result = evaluate_one(SHELTER, {"police_identified": True})
    assert result["status"] == "possible"
    assert result["missing"] == ["immediate_danger", "needs"]


def test_an_ended_programme_is_always_excluded():
    ended = Rule("old", status="ended", status_text="ended")
    assert evaluate_one(ended, {})["status"] == "excluded"


def test_results_list_eligible_then_possible_then_excluded():
    rules = [Rule("a-excluded", clauses=((Condition("", "never"),),)), SHELTER, Rule("z-eligible")]
    statuses = [r["status"] for r in evaluate({"police_identified": True}, rules)["results"]]
    assert statuses == ["eligible", "possible", "excluded"]


def test_emergency_comes_first_when_in_danger():
    emergency = Rule("zz-112", emergency=True, clauses=((Condition("immediate_danger", "is", (True,)),),))
    result = evaluate({"immediate_danger": True}, [Rule("aa-helpline"), emergency])
    assert result["results"][0]["programme"] == "zz-112"


def test_more_needs_met_language_and_open_now_rank_higher_among_equals():
    needs = Rule("b", clauses=((Condition("needs", "includes_any", ("legal", "health")),),))
    one_need = Rule("a", clauses=((Condition("needs", "includes_any", ("legal",)),),))
    order = [r["programme"] for r in evaluate({"needs": ["legal", "health"]}, [one_need, needs])["results"]]
    assert order == ["b", "a"]
    speaks = Rule("y", languages=frozenset({"es"}))
    assert evaluate({"languages": ["es"]}, [Rule("x"), speaks])["results"][0]["programme"] == "y"
    open_now = Rule("n", open_now=True)
    assert evaluate({}, [Rule("m", open_now=False), open_now])["results"][0]["programme"] == "n"


def test_among_equals_a_more_specific_programme_comes_before_a_general_one():
    specific = Rule(
        "z-specific", clauses=((Condition("age_group", "in", ("adult",)),), (Condition("gender", "in", ("female",)),))
    )
    general = Rule("a-general", clauses=((Condition("age_group", "in", ("adult",)),),))
    order = [
        r["programme"] for r in evaluate({"age_group": "adult", "gender": "female"}, [general, specific])["results"]
    ]
    assert order == ["z-specific", "a-general"]


def test_next_questions_rank_facts_by_how_many_outcomes_they_can_change():
    rules = [
        Rule("p1", clauses=((Condition("age_group", "in", ("minor",)),),)),
        Rule(
            "p2",
            clauses=((Condition("age_group", "in", ("minor",)),), (Condition("gender", "in", ("female",)),)),
        ),
        Rule("p3", clauses=((Condition("gender", "in", ("female",)),),)),
        Rule("p4", clauses=((Condition("stage", "in", ("rebuilding",)),),)),
        Rule("p5", clauses=((Condition("age_group", "in", ("minor",)),),)),
    ]
    assert evaluate({}, rules)["next_questions"] == ["age_group", "gender", "stage"]
    # An answered fact is never asked again; a settled programme no longer counts.
    assert evaluate({"age_group": "adult"}, rules)["next_questions"] == ["gender", "stage"]


def test_nothing_left_to_ask_when_no_unknown_fact_can_change_the_outcome():
    assert (
        evaluate({"age_group": "adult"}, [Rule("p", clauses=((Condition("age_group", "in", ("minor",)),),))])[
            "next_questions"
        ]
        == []
    )


# Property: adding an answer never changes an eligible or excluded programme.
def fact_values(fact):
    if fact.kind == "bool":
        return st.booleans()
    if fact.kind == "choice":
        return st.sampled_from(fact.values)
    if fact.key == "municipality":
        return st.sampled_from(["ljubljana", "maribor", "kranj", "abroad"])
    pool = fact.values if fact.kind == LIST and fact.values else ("sl", "en", "es")
    return st.lists(st.sampled_from(pool), unique=True, max_size=3)


facts_strategy = st.fixed_dictionaries({}, optional={key: fact_values(f) for key, f in FACTS.items()})


def rules_from_fixtures():
    """The canonical catalogue's rules read straight from the fixture files: no database."""
    from collections import defaultdict

    from tests.data import REPO

    def rows(name, model):
        return [r for r in json.loads((REPO / "fixtures" / name).read_text()) if r["model"] == model]

    towns = {r["pk"]: r["fields"]["slug"] for r in rows("municipalities.json", "directory.municipality")}
    clauses = defaultdict(lambda: defaultdict(list))
    for r in sorted(rows("criteria.json", "referral.criterion"), key=lambda r: (r["fields"]["clause"], r["pk"])):
        f = r["fields"]
        clauses[f["programme"]][f["clause"]].append(Condition(f["fact"], f["operator"], tuple(f["values"])))
    return [
        Rule(
            slug=p["fields"]["slug"],
            clauses=tuple(tuple(found) for _, found in sorted(clauses[p["pk"]].items())),
            status=p["fields"]["status"],
            emergency=p["fields"]["kind"] == "emergency",
            areas=None
            if p["fields"]["area_national"]
            else frozenset(towns[m] for m in p["fields"]["area_municipalities"]),
        )
        for p in rows("catalogue.json", "directory.programme")
    ]


@pytest.fixture(scope="module")
def catalogue_rules():
    rules = rules_from_fixtures()
    assert len(rules) >= 26 and sum(len(r.clauses) for r in rules) >= 30
    return rules


@settings(max_examples=200, deadline=None)
@given(facts=facts_strategy, extra=facts_strategy)
def test_an_added_answer_only_settles_possible_programmes(catalogue_rules, facts, extra):
    before = {r["programme"]: r["status"] for r in evaluate(facts, catalogue_rules)["results"]}
    more = {**{k: v for k, v in extra.items() if k not in facts}, **facts}
    after = {r["programme"]: r["status"] for r in evaluate(more, catalogue_rules)["results"]}
    for slug, status in before.items():
        if status != "possible":
            assert after[slug] == status, (slug, facts, more)
