"""Scoring a routing against a key in three tiers, as pure functions."""

import pytest

from referral.training.scoring import case_score, disagreements, fact_differences, score

KEY = ["a", "b", "c", "d", "e"]


def test_required_found_counts_and_the_also_right_tier_is_never_penalised():
    result = score(picked=["a", "b", "c", "d", "x"], key=KEY, also_right=["x"], wrong=["w"], facts={})
    assert (len(result.found), len(result.required), result.missed) == (4, 5, ["e"])
    assert result.also_right == ["x"] and result.wrong == [] and result.other == []
    assert result.value == pytest.approx(4 / 5)


def test_each_wrong_pick_takes_one_off_and_a_pick_in_no_tier_costs_nothing():
    result = score(picked=["a", "b", "c", "d", "e", "w", "n"], key=KEY, also_right=[], wrong=["w"], facts={})
    assert result.wrong == ["w"] and result.other == ["n"]
    assert result.value == pytest.approx(4 / 5) and not result.passed
    assert score(picked=["a", "w", "v"], key=KEY, wrong=["w", "v"], facts={}).value == 0.0  # never below 0


def test_a_perfect_routing_passes():
    result = score(picked=KEY + ["x"], key=KEY, also_right=["x"], wrong=["w"], facts={})
    assert result.value == 1.0 and result.passed


def test_missing_emergency_numbers_in_danger_is_critical_and_fails_the_case():
    danger = {"immediate_danger": True}
    missed = score(picked=["kljuc-hotline"], key=["kljuc-hotline", "emergency-112"], facts=danger)
    assert missed.critical_misses == ["emergency"] and missed.value == 0.0
    assert score(picked=["police-113"], key=["emergency-112"], facts=danger).critical_misses == []
    assert score(picked=["kljuc-hotline"], key=["kljuc-hotline"], facts={}).critical_misses == []


def test_missing_the_social_work_centre_for_a_child_is_critical():
    minor = {"age_group": "minor"}
    assert score(picked=["tom-telefon"], key=["social-work-centre"], facts=minor).critical_misses == [
        "social-work-centre"
    ]
    assert score(picked=["social-work-centre"], key=[], facts=minor).critical_misses == []


def test_the_stored_score_is_the_same_function():
    assert case_score(3, 4, 1, False) == pytest.approx(0.5)
    assert case_score(4, 4, 0, True) == 0.0
    assert case_score(0, 0, 0, False) == 1.0 and case_score(0, 0, 1, False) == 0.0


def test_fact_differences_list_each_fact_read_differently():
    trainee = {"age_group": "adult", "exploitation": ["labour"], "gender": "male"}
    expert = {"age_group": "minor", "exploitation": ["labour"], "stage": "in_situation"}
    assert fact_differences(trainee, expert) == [
        ("age_group", "adult", "minor"),
        ("gender", "male", None),
        ("stage", None, "in_situation"),
    ]


def test_disagreements_between_a_key_and_the_rules():
    assert disagreements(key=["a", "c"], wrong=["b"], suggested={"a", "b"}) == {
        "key_not_suggested": ["c"],
        "wrong_but_suggested": ["b"],
    }
    assert disagreements(key=["a"], wrong=["c"], suggested={"a", "b"}) == {}
