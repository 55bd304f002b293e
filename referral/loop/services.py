"""Closing the loop without knowing the person (DOMAIN.md v1.1): referral codes and the counters of
the gap report, and the only code that writes them. A referral holds a programme, needs, consent,
the ISO week, a status and a reason code; a counter holds month × statistical region × need ×
outcome. Nothing else from a triage is ever written."""

import functools
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory.models import Municipality, Region
from referral.models import DeclineReason, GapCount, Referral, ReferralStatus
from referral.vocabulary import FACTS

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, no 1/I/L: nothing to mix up when read aloud
CODE_LENGTH = 9  # 31⁹ ≈ 2⁴⁴·⁶ codes
KEEP_DAYS = 30
ABROAD, UNKNOWN = "abroad", "unknown"
REGIONS = [*Region.values, ABROAD, UNKNOWN]
NEEDS = FACTS["needs"].values
NO_NEED = "unspecified"  # a triage whose needs were not asked or not known
FOUND, NOTHING = "programmes_found", "nothing_fits"
DECLINED = "referral_declined:"


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code):
    """A code in groups of three, as it is printed and read aloud: K7M-2QX-9PF."""
    return Referral(code=code).display_code


def parsed(text):
    """The code in what someone typed (any case, spaces or dashes), or None if it cannot be one."""
    code = "".join(ch for ch in (text or "").upper() if ch not in " -")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _today(today):
    return today or timezone.localdate()


@transaction.atomic
def referral_create(*, programme, needs, consent, today=None):
    """A new referral with a fresh code. `needs` must be vocabulary codes; `consent` must be given."""
    if consent is not True:
        raise ValidationError({"consent": _("Tick this box once the person has agreed to be referred.")})
    unknown = [need for need in needs if need not in NEEDS]
    if unknown:
        raise ValidationError({"needs": _("Unknown needs: %(needs)s") % {"needs": ", ".join(unknown)}})
    today = _today(today)
    for _attempt in range(5):  # a clash of random codes is all but impossible; still, never reuse one
        try:
            with transaction.atomic():
                referral = Referral.objects.create(
                    code=new_code(),
                    programme=programme,
                    needs=sorted(set(needs)),
                    consent=True,
                    week=iso_week(today),
                    changed_on=today,
                )
        except IntegrityError:
            continue
        transaction.on_commit(functools.partial(tell_members, referral))
        return referral
    raise RuntimeError("no free referral code after five tries")


def tell_members(referral):
    """Mail the organisation's members that a referral came: the programme and the week, nothing
    about the person (not even the needs), and where the inbox is."""
    from directory.models import Membership

    inbox = settings.KAZIPOT_BASE_URL.rstrip("/") + reverse("referral:inbox")
    members = Membership.objects.filter(organisation_id=referral.programme.organisation_id, user__is_active=True)
    for membership in members.select_related("user").exclude(user__email=""):
        with translation.override(membership.language):
            body = render_to_string(
                "manage/referral_email.txt",
                {"programme": referral.programme, "week": referral.week, "inbox": inbox, "keep_days": KEEP_DAYS},
            )
            send_mail(
                _("Kažipot: a new referral to “%(name)s”") % {"name": referral.programme.name},
                body,
                None,
                [membership.user.email],
                fail_silently=True,
            )


@transaction.atomic
def referral_set_status(*, referral, status, reason="", today=None):
    """The provider's answer. A reason is required for `declined`, refused otherwise; a decline is
    counted in the gap report (once)."""
    if status not in ReferralStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == ReferralStatus.DECLINED and reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose why the referral was declined.")})
    today = _today(today)
    newly_declined = status == ReferralStatus.DECLINED and referral.status != ReferralStatus.DECLINED
    referral.status = status
    referral.reason = reason if status == ReferralStatus.DECLINED else ""
    referral.changed_on = today
    referral.save(update_fields=["status", "reason", "changed_on"])
    if newly_declined:
        # A referral keeps no place: declines are counted under "unknown".
        for need in referral.needs or [NO_NEED]:
            count(today, UNKNOWN, need, DECLINED + reason)
    return referral


def purge(today=None):
    """Delete every referral whose last change is more than KEEP_DAYS days old (and the records of
    what old triages did once); how many referrals."""
    from referral.models import EndedSeal, SealMark

    deleted, _by_model = Referral.objects.filter(changed_on__lt=_today(today) - timedelta(days=KEEP_DAYS)).delete()
    now = timezone.now()
    SealMark.objects.filter(until__lt=now).delete()
    EndedSeal.objects.filter(until__lt=now).delete()
    return deleted


# The gap report ------------------------------------------------------------------------------------


def count(day, region, need, outcome):
    """Add one to a counter of the month of `day`."""
    key = {"month": day.strftime("%Y-%m"), "region": region, "need": need, "outcome": outcome}
    if GapCount.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            GapCount.objects.create(**key, count=1)
    except IntegrityError:  # another request made it first
        GapCount.objects.filter(**key).update(count=F("count") + 1)


def region_of(municipality):
    if municipality == ABROAD:
        return ABROAD
    if not municipality:
        return UNKNOWN
    return Municipality.objects.filter(slug=municipality).values_list("region", flat=True).first() or UNKNOWN


def count_triage(answers, outcome, today=None):
    """A triage reached its results: per need asked for (or `unspecified`), whether any eligible or
    possible programme offers it. Only the region and the needs are read from the answers."""
    today = _today(today)
    region = region_of(answers.get("municipality"))
    suggested = outcome.eligible | outcome.possible
    offered = outcome.catalogue.index.offered
    for need in sorted(set(answers.get("needs") or [])) or [NO_NEED]:
        found = suggested & offered.get(need, 0) if need != NO_NEED else suggested
        count(today, region, need, FOUND if found else NOTHING)
