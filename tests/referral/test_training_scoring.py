"""Scoring of training attempts as pure functions."""

import pytest

from referral.training.scoring import disagreements, f1, fact_differences, score


def test_precision_and_recall_against_the_key():
    result = score(picked=["a", "b", "x"], key=["a", "b", "c", "d"], facts={})
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 4)
    assert result.missed == ["c", "d"] and result.wrong_picks == ["x"]
    assert result.f1 == pytest.approx(f1(2 / 3, 1 / 2))


def test_nothing_picked_scores_zero():
    result = score(picked=[], key=["a"], facts={})
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)


def test_a_perfect_routing_scores_one():
    assert score(picked=["a", "b"], key=["b", "a"], facts={}).f1 == 1.0


def test_missing_emergency_numbers_in_danger_is_critical():
    danger = {"immediate_danger": True}
    assert score(picked=["kljuc-hotline"], key=["emergency-112"], facts=danger).critical_misses == ["emergency"]
    assert score(picked=["police-113"], key=["emergency-112"], facts=danger).critical_misses == []
    assert score(picked=["kljuc-hotline"], key=["kljuc-hotline"], facts={}).critical_misses == []


def test_missing_the_social_work_centre_for_a_minor_is_critical():
    minor = {"age_group": "minor"}
    assert score(picked=["tom-telefon"], key=["social-work-centre"], facts=minor).critical_misses == [
        "social-work-centre"
    ]
    assert score(picked=["social-work-centre"], key=[], facts=minor).critical_misses == []


def test_fact_differences_list_each_fact_read_differently():
    trainee = {"age_group": "adult", "exploitation": ["labour"], "gender": "male"}
    expert = {"age_group": "minor", "exploitation": ["labour"], "stage": "in_situation"}
    assert fact_differences(trainee, expert) == [
        ("age_group", "adult", "minor"),
        ("gender", "male", None),
        ("stage", None, "in_situation"),
    ]


def test_disagreements_between_a_key_and_the_engine():
    outcome = {
        "results": [
            {"programme": "a", "status": "eligible"},
            {"programme": "b", "status": "possible"},
            {"programme": "c", "status": "excluded"},
        ]
    }
    assert disagreements(key=["a", "c"], wrong=["b"], outcome=outcome) == {
        "key_not_suggested": ["c"],
        "wrong_but_suggested": ["b"],
    }
