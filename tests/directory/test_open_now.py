"""'Open now' at its boundaries, with a frozen clock: the pure function and the SQL filter agree."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from directory.hours import day_codes, is_open, is_public_holiday
from directory.models import Contact, Programme

LJ = ZoneInfo("Europe/Ljubljana")
HOTLINE = [("working_days", time(9), time(13))]


def at(*args):
    return datetime(*args, tzinfo=LJ)


MONDAY_0859 = at(2026, 11, 30, 8, 59)
MONDAY_0900 = at(2026, 11, 30, 9, 0)
MONDAY_1259 = at(2026, 11, 30, 12, 59)
MONDAY_1300 = at(2026, 11, 30, 13, 0)
SATURDAY_1000 = at(2026, 11, 28, 10, 0)
CHRISTMAS_FRIDAY_1000 = at(2026, 12, 25, 10, 0)


@pytest.mark.parametrize(
    "moment, expected",
    [
        (MONDAY_0859, False),
        (MONDAY_0900, True),
        (MONDAY_1259, True),
        (MONDAY_1300, False),  # the closing minute is already closed
        (SATURDAY_1000, False),
        (CHRISTMAS_FRIDAY_1000, False),
    ],
)
def test_working_day_hours_open_and_close_on_the_minute(moment, expected):
    assert is_open(always_open=False, closed_on_holidays=True, hours=HOTLINE, at=moment) is expected


def test_a_24_7_line_is_open_on_a_holiday_at_night():
    assert is_open(always_open=True, closed_on_holidays=True, hours=[], at=at(2026, 12, 25, 3, 0))


def test_unknown_hours_are_neither_open_nor_closed():
    assert is_open(always_open=False, closed_on_holidays=True, hours=[], at=MONDAY_0900) is None


def test_a_weekday_row_still_closes_on_a_holiday_unless_told_otherwise():
    friday = [("fri", time(9), time(17))]
    assert not is_open(always_open=False, closed_on_holidays=True, hours=friday, at=CHRISTMAS_FRIDAY_1000)
    assert is_open(always_open=False, closed_on_holidays=False, hours=friday, at=CHRISTMAS_FRIDAY_1000)


def test_slovenian_holidays_include_movable_and_national_days():
    assert is_public_holiday(datetime(2026, 4, 6).date())  # Easter Monday
    assert is_public_holiday(datetime(2026, 6, 25).date())  # Statehood Day
    assert not is_public_holiday(datetime(2026, 11, 30).date())
    assert "working_days" not in day_codes(datetime(2026, 12, 25).date())
    assert "working_days" in day_codes(datetime(2026, 11, 30).date())


def test_time_is_read_in_ljubljana_not_utc():
    # 12:30 UTC on a winter Monday is 13:30 in Ljubljana: the hotline is closed.
    utc_moment = datetime(2026, 11, 30, 12, 30, tzinfo=ZoneInfo("UTC"))
    assert not is_open(always_open=False, closed_on_holidays=True, hours=HOTLINE, at=utc_moment)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment, hotline_open",
    [
        (MONDAY_0859, False),
        (MONDAY_0900, True),
        (MONDAY_1300, False),
        (SATURDAY_1000, False),
        (CHRISTMAS_FRIDAY_1000, False),
    ],
)
def test_the_sql_filter_agrees_with_the_pure_function(moment, hotline_open):
    open_contacts = Contact.objects.open_at(moment)
    hotline = Contact.objects.get(programmes__slug="kljuc-hotline", kind="phone")
    assert open_contacts.filter(pk=hotline.pk).exists() is hotline_open
    assert hotline.open_now(moment) is hotline_open
    # 24/7 lines are in at every moment.
    assert open_contacts.filter(programmes__slug="sos-helpline").exists()


@pytest.mark.django_db
def test_open_programmes_now_follow_the_frozen_clock():
    with time_machine.travel(MONDAY_0900, tick=False):
        assert Programme.objects.open_at().filter(slug="migrant-counselling-office").exists()
    with time_machine.travel(at(2026, 11, 30, 17, 0), tick=False):
        assert not Programme.objects.open_at().filter(slug="migrant-counselling-office").exists()
        assert Programme.objects.open_at().filter(slug="emergency-112").exists()
