"""The index answers exactly as the engine does, without reading every rule: same results in the
same order with the same reasons, the same next questions and notes, for random facts over the
canonical rules and over random catalogues with every kind of clause, status, date, schedule,
area, language and free-places report."""

import random
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referral.triage import engine
from referral.triage.engine import Condition, Rule
from referral.triage.index import Index, mask_of, positions
from referral.triage.outcome import Catalogue, Schedule
from tests.referral import scan_oracle
from tests.referral.test_engine import facts_strategy, rules_from_fixtures

LJ = ZoneInfo("Europe/Ljubljana")
TOWNS = ["ljubljana", "maribor", "kranj", "abroad"]
POOL = [
    Condition("immediate_danger", "is", (True,)),
    Condition("age_group", "in", ("adult",)),
    Condition("age_group", "in", ("minor",)),
    Condition("gender", "in", ("female",)),
    Condition("migration_status", "not_in", ("citizen",)),
    Condition("migration_status", "in", ("asylum_applicant", "international_protection")),
    Condition("police_identified", "is", (True,)),
    Condition("police_cooperation", "in", ("yes",)),
    Condition("exploitation", "includes_any", ("labour",)),
    Condition("exploitation", "not_empty"),
    Condition("needs", "includes_any", ("accommodation",)),
    Condition("needs", "includes_any", ("legal", "documents")),
    Condition("languages", "includes_any", ("uk",)),
    Condition("municipality", "in", ("ljubljana",)),
    Condition("municipality", "in_service_area"),
    Condition("stage", "never"),
]


def contact_row(number):
    return {
        "kind": "phone",
        "value": number,
        "display": "",
        "anonymous": False,
        "toll_free": False,
        "last_verified_at": None,
        "source": "report",
        "source_note": "",
    }


def random_catalogue(seed, size=60):
    rng = random.Random(seed)
    rules, schedules, dates = [], {}, {}
    for n in range(size):
        slug = f"p{n:03d}"
        clauses = tuple(tuple(rng.sample(POOL, rng.choice([1, 1, 1, 2]))) for _ in range(rng.randint(0, 4)))
        rules.append(
            Rule(
                slug=slug,
                clauses=clauses,
                status=rng.choice(["active"] * 8 + ["ended", "temporarily_closed"]),
                emergency=rng.random() < 0.15,
                helpline=rng.random() < 0.2,
                areas=None if rng.random() < 0.5 else frozenset(rng.sample(TOWNS[:3], rng.randint(0, 2))),
                languages=frozenset(rng.sample(["uk", "ar", "sl"], rng.randint(0, 2))),
                interpretation=rng.random() < 0.2,
                status_text="Closed.",
            )
        )
        schedules[slug] = tuple(
            Schedule(
                row=contact_row(f"+3861{n}{k}"),
                always_open=rng.random() < 0.1,
                closed_on_holidays=rng.random() < 0.8,
                hours=tuple(
                    (
                        rng.choice(["working_days", "every_day", "sat"]),
                        time(rng.randint(6, 11)),
                        time(rng.randint(12, 20)),
                    )
                    for _ in range(rng.randint(0, 2))
                ),
            )
            for k in range(rng.randint(0, 2))
        )
        if rng.random() < 0.1:
            dates[slug] = (rng.choice([None, date(2026, 12, 15)]), rng.choice([None, date(2026, 11, 1)]))
    full = tuple((f"p{n:03d}", datetime(2026, 11, 30, 8, 0, tzinfo=LJ)) for n in rng.sample(range(size), 5))
    return Catalogue(
        version=seed,
        programmes={n: (1, f"p{n:03d}") for n in range(size)},
        rules=rules,
        schedules=schedules,
        municipalities=frozenset(TOWNS),
        dates=dates,
        full_since=full,
        status_texts={"ended": "Ended.", "not_started": "Not yet.", "temporarily_closed": "Closed."},
    )


def engine_answer(catalogue, facts, at):
    rules, opening = catalogue.now(at)
    return scan_oracle.evaluate(facts, rules, opening=opening, notes=catalogue.notes, full=catalogue.full_at(at))


def index_answer(catalogue, facts, at):
    answer = catalogue.outcome(facts, at).answer(limit=10**6)
    counts = answer.pop("counts")
    del answer["open_now"], answer["plan"]  # v1.2, checked against their own oracle (test_plan.py)
    assert sum(counts.values()) == len(catalogue.rules)
    return answer


MOMENTS = st.sampled_from(
    [
        datetime(2026, 11, 30, 10, 0, tzinfo=LJ),  # Monday morning
        datetime(2026, 11, 28, 22, 0, tzinfo=LJ),  # Saturday night
        datetime(2026, 12, 25, 9, 30, tzinfo=LJ),  # Christmas, a public holiday
    ]
)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 40), facts=facts_strategy, at=MOMENTS)
def test_the_index_answers_as_the_engine_over_random_catalogues(seed, facts, at):
    catalogue = random_catalogue(seed)
    assert index_answer(catalogue, facts, at) == engine_answer(catalogue, facts, at)


@pytest.fixture(scope="module")
def canonical():
    return Catalogue(version=0, rules=rules_from_fixtures(), schedules={}, municipalities=frozenset(TOWNS))


@settings(max_examples=150, deadline=None)
@given(facts=facts_strategy)
def test_the_index_answers_as_the_engine_over_the_canonical_rules(canonical, facts):
    at = datetime(2026, 11, 30, 10, 0, tzinfo=LJ)
    assert index_answer(canonical, facts, at) == engine_answer(canonical, facts, at)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 40), facts=facts_strategy)
def test_the_next_question_is_the_same_through_the_index(seed, facts):
    catalogue = random_catalogue(seed)
    rules = catalogue.rules_on(date(2026, 11, 30))
    at = datetime(2026, 11, 30, 10, 0, tzinfo=LJ)
    through_index = engine.next_question(facts, set(), lambda f: catalogue.outcome(f, at).next_questions())
    assert through_index == engine.next_question(
        facts, set(), lambda f: scan_oracle.evaluate(f, rules)["next_questions"]
    )


def test_an_answer_lists_at_most_the_limit_of_each_status_best_first():
    catalogue = random_catalogue(7, size=200)
    at = datetime(2026, 11, 30, 10, 0, tzinfo=LJ)
    facts = {"needs": ["legal"]}
    full = engine_answer(catalogue, facts, at)["results"]
    short = catalogue.outcome(facts, at).answer(limit=5)
    for status in (engine.ELIGIBLE, engine.POSSIBLE, engine.EXCLUDED):
        expected = [r for r in full if r["status"] == status][:5]
        assert [r for r in short["results"] if r["status"] == status] == expected
        assert short["counts"][status] == sum(r["status"] == status for r in full)


def test_a_hundred_thousand_programmes_share_a_few_distinct_clauses():
    rules = [Rule(slug=f"s{n}", clauses=((POOL[n % 7],), (POOL[8 + n % 3],))) for n in range(100_000)]
    index = Index(rules)
    assert len(index.clauses) == 10
    assert list(positions(mask_of([3, 64, 99_999], index.size))) == [3, 64, 99_999]


def parts_of(catalogue, slugs, rename, version=2):
    """What a build of only `slugs` would give: their rules, schedules, dates and reports, with
    the slugs in `rename` changed (a provider may rename a programme)."""
    name = {slug: rename.get(slug, slug) for slug in slugs}
    return {
        "rules": [replace(r, slug=name[r.slug]) for r in catalogue.rules if r.slug in name],
        "schedules": {name[s]: found for s, found in catalogue.schedules.items() if s in name},
        "dates": {name[s]: found for s, found in catalogue.dates.items() if s in name},
        "full_since": {name[s]: found for s, found in catalogue.full_since.items() if s in name},
        "programmes": {int(s[1:]): (version, name[s]) for s in slugs},
    }


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 40),
    other=st.integers(41, 80),
    picks=st.sets(st.integers(0, 59), max_size=8),
    facts=facts_strategy,
    at=MOMENTS,
)
def test_a_refreshed_catalogue_equals_one_built_afresh(seed, other, picks, facts, at):
    # Of the picked programmes, some are deleted and the others changed (into another catalogue's
    # programme of the same number, every third one renamed); one programme is new.
    before, donor = random_catalogue(seed), random_catalogue(other)
    removed = {n for n in picks if n % 4 == 0}
    changed = {f"p{n:03d}" for n in picks - removed}
    rename = {slug: f"r{slug}" for slug in changed if int(slug[1:]) % 3 == 0}
    new = parts_of(random_catalogue(other + 1, size=61), {"p060"}, {})
    parts = parts_of(donor, changed, rename)
    parts = {name: parts[name] + new[name] if name == "rules" else parts[name] | new[name] for name in parts}
    shared = {"municipalities": before.municipalities, "status_texts": before.status_texts}
    refreshed = before.refreshed(1, parts, removed, **shared)

    kept = parts_of(before, {s for s in before.schedules if int(s[1:]) not in picks}, {}, version=1)
    afresh = Catalogue(
        version=1,
        **{name: kept[name] + parts[name] if name == "rules" else kept[name] | parts[name] for name in parts},
        **shared,
    )
    assert [r.slug for r in refreshed.rules] == [r.slug for r in afresh.rules]
    assert refreshed.index.sets == afresh.index.sets
    assert refreshed.programmes == afresh.programmes
    assert index_answer(refreshed, facts, at) == engine_answer(afresh, facts, at)
