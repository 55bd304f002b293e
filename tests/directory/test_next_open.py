"""When a closed contact opens next: Europe/Ljubljana time, weekends and Slovenian holidays."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from directory.hours import next_open

LJ = ZoneInfo("Europe/Ljubljana")
HOTLINE = [("working_days", time(9), time(13))]


def at(*args):
    return datetime(*args, tzinfo=LJ)


@pytest.mark.parametrize(
    "moment, expected",
    [
        (at(2026, 11, 30, 8, 0), at(2026, 11, 30, 9, 0)),  # Monday morning, before opening
        (at(2026, 11, 30, 10, 0), None),  # open now
        (at(2026, 11, 30, 13, 0), at(2026, 12, 1, 9, 0)),  # just closed: tomorrow
        (at(2026, 12, 4, 22, 0), at(2026, 12, 7, 9, 0)),  # Friday 22:00: Monday
        (at(2026, 12, 5, 10, 0), at(2026, 12, 7, 9, 0)),  # Saturday
        (at(2026, 12, 25, 10, 0), at(2026, 12, 28, 9, 0)),  # Christmas, then Independence Day, Sunday
    ],
)
def test_next_open_skips_nights_weekends_and_holidays(moment, expected):
    found = next_open(always_open=False, closed_on_holidays=True, hours=HOTLINE, at=moment)
    assert found == expected
    if found is not None:
        assert found.isoformat().endswith("+01:00")


def test_a_24_7_line_and_unknown_hours_have_no_next_opening():
    friday_night = at(2026, 12, 4, 22, 0)
    assert next_open(always_open=True, closed_on_holidays=False, hours=[], at=friday_night) is None
    assert next_open(always_open=False, closed_on_holidays=True, hours=[], at=friday_night) is None


def test_a_line_open_on_holidays_opens_on_the_holiday():
    hours = [("every_day", time(8), time(20))]
    found = next_open(always_open=False, closed_on_holidays=False, hours=hours, at=at(2026, 12, 24, 21, 0))
    assert found == at(2026, 12, 25, 8, 0)
