"""Verification reminders: who gets one and about what, not twice in 7 days, a link that confirms
once, for 14 days, for its own member only; the staff freshness page."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from directory.models import Membership, ProblemReport, Programme, Reminder
from directory.reminders import send_reminders
from directory.services import Author, programme_verify
from tests.directory.users import make_user, named_users

pytestmark = pytest.mark.django_db
LJ = ZoneInfo("Europe/Ljubljana")
NOW = datetime(2026, 11, 30, 10, tzinfo=LJ)


@pytest.fixture
def member():
    return make_user("ngo-kljuc", org="kljuc")


def verify(slug, days_ago, user):
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        programme_verify(programme=Programme.objects.get(slug=slug), author=Author(user))


def remind(at=NOW):
    with time_machine.travel(at, tick=False):
        return send_reminders()


def link_in(message):
    return next(word for word in message.body.split() if "/manage/confirm/" in word).split("8000", 1)[1]


def test_members_get_one_mail_listing_what_is_due_stale_or_never_verified(member):
    Membership.objects.filter(user=member).update(language="en")
    for slug in ("pats", "kljuc-hotline"):
        verify(slug, 5, member)  # fresh: not listed
    verify("reintegration", 120, member)  # due
    verify("safe-accommodation", 200, member)  # stale
    lines, failures = remind()
    assert failures == 0 and len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["ngo-kljuc@example.org"]
    assert "(Re)integration" in body and "last confirmed 120 days ago" in body and "never confirmed" in body
    assert "PATS" not in body and "Ključ helpline" not in body
    assert "pogum" not in lines[0]  # ended programmes need no check
    assert not Reminder.objects.filter(programme__organisation__slug="karitas").exists()


def test_a_reminder_is_not_sent_twice_in_7_days(member):
    remind()
    remind(NOW + timedelta(hours=5))  # the same day: idempotent
    remind(NOW + timedelta(days=6))
    assert len(mail.outbox) == 1
    remind(NOW + timedelta(days=7, minutes=1))
    assert len(mail.outbox) == 2


def test_the_reminder_is_written_in_the_members_language(member):
    Membership.objects.filter(user=member).update(language="sl")
    remind()
    assert "prosimo" in mail.outbox[0].subject.lower() or "preverite" in mail.outbox[0].body.lower()


def test_the_link_confirms_still_correct_once_after_signing_in(client, member):
    remind()
    link = link_in(mail.outbox[0])
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert client.get(link)["Location"].startswith("/accounts/login/")
        client.force_login(member)
        assert "Still correct" in client.get(link).content.decode()
        assert client.post(link).status_code == 302
        reminder = Reminder.objects.get(used_at__isnull=False)
        assert reminder.programme.last_verified_at == NOW + timedelta(days=1)
        again = client.post(link)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_the_link_expires_after_14_days(client, member):
    remind()
    link = link_in(mail.outbox[0])
    with time_machine.travel(NOW + timedelta(days=14, minutes=1), tick=False):
        client.force_login(member)
        response = client.post(link)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not Reminder.objects.filter(used_at__isnull=False).exists()


def test_the_link_works_only_for_its_own_member(client, member):
    remind()
    link = link_in(mail.outbox[0])
    client.force_login(make_user("colleague", org="kljuc"))
    assert client.post(link).status_code == 403
    assert client.post("/manage/confirm/forged-token/").status_code == 410


def test_the_command_has_a_dry_run_that_sends_nothing(member):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)
    assert "would remind ngo-kljuc" in out.getvalue() and not mail.outbox and not Reminder.objects.exists()


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("trainee", 403), ("kljuc member", 403), ("staff", 200)])
def test_only_staff_see_the_freshness_page(client, who, status):
    user = named_users()[who]
    if user:
        client.force_login(user)
    assert client.get("/manage/freshness/").status_code == status


def test_the_freshness_page_counts_verification_reports_and_reminders(client, member):
    staff = make_user("staffer", staff=True)
    verify("pats", 5, member)
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        ProblemReport.objects.create(programme=Programme.objects.get(slug="pats"), reason="other")
    remind()
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/manage/freshness/")
    total = Programme.objects.current().filter(status="active").count()
    assert (page.context["fresh"], page.context["total"]) == (1, total)
    assert (page.context["open_reports"], page.context["past_resolve"]) == (1, 1)
    assert page.context["reminders_30_days"] == Reminder.objects.count() > 0
