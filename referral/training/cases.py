"""A case as it is played: its moment, the interview's answers, the questionnaire's own number of
questions for it, and the check of its key against the rules after every catalogue change."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.services import catalogue_state
from referral.training.scoring import SUGGESTED, disagreements
from referral.triage import engine
from referral.vocabulary import validate

DANGER = "immediate_danger"


def case_day(*, weekday, holiday, today):
    """The next day on or after `today` that is the case's weekday (0 = Monday) or its fixed
    public holiday ("MM-DD")."""
    if holiday:
        month, day = (int(part) for part in holiday.split("-"))
        found = date(today.year, month, day)
        return found if found >= today else date(today.year + 1, month, day)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def case_moment(scenario, now=None):
    """The aware local moment the case is played at: its day (from today) at its hour."""
    today = timezone.localdate(now)
    day = case_day(weekday=scenario.weekday, holiday=scenario.holiday, today=today)
    return timezone.make_aware(datetime.combine(day, time(scenario.hour)), timezone.get_default_timezone())


@lru_cache(maxsize=32)
def _holidays(year, language):
    return holidays.country_holidays("SI", years=year, language=language)


def moment_label(scenario, now=None):
    """ "Friday, 22:00" or "Christmas Day (25 December), 10:00" in the active language."""
    at = case_moment(scenario, now)
    hour = formats.time_format(at.time(), "TIME_FORMAT")
    if scenario.holiday:
        name = _holidays(at.year, "sl" if get_language() == "sl" else "en_US").get(at.date()) or ""
        day = formats.date_format(at.date(), "MONTH_DAY_FORMAT")
        return _("%(holiday)s (%(day)s), %(hour)s") % {"holiday": capfirst(name), "day": day, "hour": hour}
    return _("%(weekday)s, %(hour)s") % {"weekday": capfirst(formats.date_format(at.date(), "l")), "hour": hour}


def at_night(scenario):
    return scenario.hour >= 20 or scenario.hour < 7


def answer_of(facts, key):
    """What the case says when asked `key`: its fact, or None ("I don't know")."""
    return facts.get(key)


def questionnaire_minimum(catalogue, facts):
    """How many questions the field questionnaire asks for this case when every answer comes from
    its facts (an unknown one is skipped, as a worker would)."""
    answers, skipped = {}, []
    while (key := engine.next_question(answers, skipped, catalogue.next_questions)) is not None:
        if key in facts:
            answers[key] = facts[key]
        else:
            skipped.append(key)
    return len(answers) + len(skipped)


def suggested_at(catalogue, facts, at):
    outcome = catalogue.outcome(validate(facts), at)
    return {r["programme"] for r in outcome.ranked() if r["status"] in SUGGESTED}, outcome


def key_disagreements(scenario, catalogue, now=None):
    """What the rules at the case's moment disagree with in its key."""
    suggested, _outcome = suggested_at(catalogue, scenario.facts, case_moment(scenario, now))
    return disagreements(key=scenario.key, wrong=scenario.wrong, suggested=suggested)


def check_keys(catalogue, scenarios=None):
    """Check every case not yet checked at this catalogue version today; flag those whose key the
    rules now disagree with (unless staff accepted exactly that disagreement). Returns the
    scenarios checked."""
    from referral.models import Scenario

    version, _reset = catalogue_state()
    today = timezone.localdate()
    if scenarios is None:
        scenarios = Scenario.objects.exclude(checked_version=version, checked_on=today)
    checked = []
    for scenario in scenarios:
        found = key_disagreements(scenario, catalogue)
        scenario.flagged = {} if found == scenario.accepted else found
        scenario.checked_version, scenario.checked_on = version, today
        checked.append(scenario)
    if checked:
        with transaction.atomic():
            Scenario.objects.bulk_update(checked, ["flagged", "checked_version", "checked_on"])
    return checked
