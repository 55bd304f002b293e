"""Opening hours as plain functions: which day codes apply on a date, and whether a contact is open."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.translation import npgettext, pgettext

WORKING_DAYS = "working_days"
EVERY_DAY = "every_day"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=16)
def _slovenian_holidays(year):
    return holidays.country_holidays("SI", years=year)


def is_public_holiday(day: date) -> bool:
    """True on a Slovenian work-free public holiday."""
    return day in _slovenian_holidays(day.year)


def day_codes(day: date) -> set[str]:
    """The schedule day codes that apply on `day` ("working days" skip weekends and holidays)."""
    codes = {EVERY_DAY, WEEKDAYS[day.weekday()]}
    if day.weekday() < 5 and not is_public_holiday(day):
        codes.add(WORKING_DAYS)
    return codes


def local_moment(at: datetime | None = None) -> tuple[date, time, bool]:
    """(local date, local time, is holiday) for an aware datetime, now by default."""
    local = timezone.localtime(at or timezone.now())
    return local.date(), local.time(), is_public_holiday(local.date())


def is_open(
    *,
    always_open: bool,
    closed_on_holidays: bool,
    hours: Iterable[tuple[str, time, time]],
    at: datetime | None = None,
    local: tuple | None = None,
) -> bool | None:
    """Open at `at`? None when no hours are known. An interval includes its opening minute only.
    `local` is `local_moment(at)`, passed in when checking many contacts at once."""
    if always_open:
        return True
    hours = list(hours)
    if not hours:
        return None
    day, moment, holiday = local or local_moment(at)
    if holiday and closed_on_holidays:
        return False
    codes = day_codes(day)
    return any(days in codes and opens <= moment < closes for days, opens, closes in hours)


def next_open(
    *,
    always_open: bool,
    closed_on_holidays: bool,
    hours: Iterable[tuple[str, time, time]],
    at: datetime | None = None,
    days_ahead: int = 14,
) -> datetime | None:
    """When a contact closed at `at` opens next, as an aware local datetime; None when it is open
    now, always open, its hours are unknown, or it does not open within `days_ahead` days."""
    hours = list(hours)
    if always_open or not hours:
        return None
    local = timezone.localtime(at or timezone.now())
    if is_open(always_open=False, closed_on_holidays=closed_on_holidays, hours=hours, at=local):
        return None
    for offset in range(days_ahead + 1):
        day = local.date() + timedelta(days=offset)
        if closed_on_holidays and is_public_holiday(day):
            continue
        codes = day_codes(day)
        starts = [opens for days, opens, _ in hours if days in codes and (offset or opens > local.time())]
        if starts:
            return timezone.make_aware(datetime.combine(day, min(starts)), timezone.get_default_timezone())
    return None


DAY_SETS = {WORKING_DAYS: set(WEEKDAYS[:5]), EVERY_DAY: set(WEEKDAYS), **{d: {d} for d in WEEKDAYS}}


def overlapping(rows):
    """Pairs of rows (contact, days, opens, closes, payload) whose days and times overlap."""
    pairs = []
    for i, (contact, days, opens, closes, payload) in enumerate(rows):
        for other_contact, other_days, other_opens, other_closes, other in rows[i + 1 :]:
            same_days = DAY_SETS[days] & DAY_SETS[other_days]
            if contact == other_contact and same_days and opens < other_closes and other_opens < closes:
                pairs.append((payload, other))
    return pairs


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (weekends and holidays skipped)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and not is_public_holiday(day):
            days += 1
    return days


def how_long_ago(moment: datetime, now: datetime) -> str:
    """ "3 hours ago" as one phrase per unit (npgettext), so each language puts the number in its
    own case (Slovenian "pred 3 urami"). Pages and the person's sheet say it the same way: the
    phrases live in the sheet's context, translated in every sheet language."""
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return pgettext("sheet", "just now")
    if minutes < 60:
        return npgettext("sheet", "%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return npgettext("sheet", "%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    return npgettext("sheet", "%(n)d day ago", "%(n)d days ago", hours // 24) % {"n": hours // 24}
