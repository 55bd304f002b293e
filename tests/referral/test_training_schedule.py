"""Cases that return: a Leitner box per trainee and topic."""

from datetime import date

import pytest

from referral.models import Review
from referral.training import schedule
from tests.directory.users import make_user

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("box", "passed", "after"), [(None, True, 2), (None, False, 1), (1, True, 2), (4, True, 5), (5, True, 5), (4, False, 1)])  # fmt: skip
def test_a_right_answer_moves_a_topic_up_a_box_and_a_wrong_one_back_to_the_first(box, passed, after):
    assert schedule.next_box(box, passed) == after


def test_higher_boxes_come_back_later():
    assert [schedule.due_after(box, TODAY).day for box in range(1, 6)] == [2, 3, 5, 9, 17]


@pytest.mark.django_db
def test_a_missed_topic_is_due_the_next_day_and_a_known_one_later():
    ana = make_user("ana")
    schedule.record(ana, ["labour", "minor"], False, TODAY)
    schedule.record(ana, ["night"], True, TODAY)
    assert schedule.due_topics(ana, TODAY) == []
    due = schedule.due_topics(ana, date(2026, 12, 2))
    assert [r.topic for r in due] == ["labour", "minor"]
    schedule.record(ana, ["labour"], True, date(2026, 12, 2))  # box 2: two days on
    assert Review.objects.get(user=ana, topic="labour").due == date(2026, 12, 4)
    assert [r.topic for r in schedule.due_topics(ana, date(2026, 12, 3))] == ["minor", "night"]
