"""Verification reminders: which programmes a member should confirm, the mail that says so, and
the signed, expiring, single-use link that confirms "still correct" after they sign in."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import REMINDER_GAP_DAYS, REMINDER_LINK_DAYS, Membership, Programme, Reminder, Staleness

SALT = "kazipot.reminder"


class LinkError(Exception):
    """A reminder link that cannot be used; the message says why."""


def link_token(reminder):
    return signing.dumps(reminder.pk, salt=SALT)


def reminder_from(token):
    try:
        pk = signing.loads(token, salt=SALT, max_age=timedelta(days=REMINDER_LINK_DAYS))
    except signing.SignatureExpired:
        raise LinkError(
            _("This link has expired. Sign in and press “Still correct” on your programmes page.")
        ) from None
    except signing.BadSignature:
        raise LinkError(_("This link is not valid.")) from None
    reminder = Reminder.objects.select_related("programme__organisation").filter(pk=pk).first()
    if reminder is None:
        raise LinkError(_("This link is not valid."))
    if reminder.used_at:
        raise LinkError(_("This link has already been used."))
    return reminder


def due_for(user, now):
    """The user's programmes due (90 days), stale (180) or never verified, not reminded in 7 days."""
    recent = Reminder.objects.filter(user=user, sent_at__gte=now - timedelta(days=REMINDER_GAP_DAYS))
    return list(
        Programme.objects.kept_by(user)
        .current()
        .with_staleness(now)
        .exclude(staleness=Staleness.FRESH)
        .exclude(pk__in=recent.values("programme_id"))
        .select_related("organisation")
        .distinct()
        .order_by("-staleness", "slug")
    )


def send_reminders(*, dry_run=False, now=None):
    """Mail each member about what they should confirm; return (lines, failures)."""
    now = now or timezone.now()
    lines, failures = [], 0
    users = {m.user: m for m in Membership.objects.select_related("user").order_by("user_id", "pk")}
    for user, membership in users.items():
        if not user.is_active or not user.email:
            continue
        programmes = due_for(user, now)
        if not programmes:
            continue
        lines.append(f"{user.get_username()}: {', '.join(p.slug for p in programmes)}")
        if dry_run:
            continue
        reminders = [Reminder.objects.create(user=user, programme=p, sent_at=now) for p in programmes]
        base = settings.KAZIPOT_BASE_URL.rstrip("/")
        items = [
            (
                r.programme,
                base + reverse("manage:confirm", args=[link_token(r)]),
                r.programme.verification_age_days(now),
            )
            for r in reminders
        ]
        with translation.override(membership.language):
            subject = ngettext(
                "Kažipot: please check %(n)d of your entries",
                "Kažipot: please check %(n)d of your entries",
                len(items),
            ) % {"n": len(items)}
            body = render_to_string(
                "manage/reminder_email.txt", {"user": user, "items": items, "days": REMINDER_LINK_DAYS}
            )
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # the mail backend logged and recorded it for staff; carry on with the others
            failures += 1
    return lines, failures
