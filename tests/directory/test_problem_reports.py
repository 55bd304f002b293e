"""Report a problem with an entry: public, limited, nothing kept about the reporter; providers
and staff read and close reports about their own programmes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from directory.models import ProblemReport, Programme
from directory.services import Author, contact_update
from tests.directory.users import named_users

pytestmark = pytest.mark.django_db
URL = "/directory/kljuc-hotline/report/"
GOOD = {"reason": "phone_wrong", "text": "The number rings out.", "reply_to": "worker@example.org"}


def test_every_programme_page_links_to_the_report_form(client):
    page = client.get("/directory/kljuc-hotline/").content.decode()
    assert 'href="/directory/kljuc-hotline/report/"' in page
    form = client.get(URL).content.decode()
    assert "Never write anything about a person you are helping" in form and 'name="reason"' in form


def test_a_report_is_kept_with_only_what_was_written(client):
    response = client.post(URL, GOOD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and response["Location"] == "/directory/kljuc-hotline/"
    report = ProblemReport.objects.get()
    assert (report.programme.slug, report.reason, report.text, report.reply_to) == (
        "kljuc-hotline",
        "phone_wrong",
        "The number rings out.",
        "worker@example.org",
    )
    stored = " ".join(str(v) for v in ProblemReport.objects.values().get().values())
    assert "203.0.113.7" not in stored


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"reason": ""}, "reason", "required"),
        ({"reason": "it_is_ugly"}, "reason", "Select a valid choice"),
        ({"reason": "other", "text": "x" * 501}, "text", "at most 500 characters"),
        ({"reason": "other", "reply_to": "not an address"}, "reply_to", "valid email"),
    ],
)
def test_each_invalid_field_is_refused_next_to_it(client, data, field, message):
    response = client.post(URL, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_filled_honeypot_is_thanked_and_nothing_is_kept(client):
    response = client.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302 and not ProblemReport.objects.exists()


def test_more_than_five_reports_an_hour_from_one_address_are_refused_with_a_clear_message(client):
    for _ in range(5):
        assert client.post(URL, GOOD, REMOTE_ADDR="198.51.100.1").status_code == 302
    response = client.post(URL, GOOD, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429 and "5 reports in the last hour" in response.content.decode()
    assert client.post(URL, GOOD, REMOTE_ADDR="198.51.100.2").status_code == 302  # another address
    assert ProblemReport.objects.count() == 6


def test_the_report_form_needs_the_csrf_token():
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(URL, GOOD).status_code == 403


def make_report(slug="kljuc-hotline", **fields):
    return ProblemReport.objects.create(programme=Programme.objects.get(slug=slug), reason="phone_wrong", **fields)


@pytest.mark.parametrize(
    "who, sees_kljuc, can_close",
    [
        ("anonymous", False, False),
        ("trainee", False, False),
        ("kljuc member", True, True),
        ("karitas member", False, False),
        ("staff", True, True),
    ],
)
def test_who_may_read_and_close_reports(client, who, sees_kljuc, can_close):
    user = named_users()[who]
    report = make_report()
    if user:
        client.force_login(user)
    inbox = client.get("/manage/reports/")
    if user is None:
        assert inbox.status_code == 302 and "/accounts/login/" in inbox["Location"]
    else:
        assert (report in inbox.context["reports"]) is sees_kljuc
    response = client.post(f"/manage/reports/{report.pk}/close/", {"status": "dismissed", "note": "ok"})
    report.refresh_from_db()
    assert (report.status == "dismissed") is can_close
    if user and not can_close:
        assert response.status_code == 403


def test_the_inbox_lists_open_reports_first_with_their_age_in_working_days(client):
    user = named_users()["kljuc member"]
    client.force_login(user)
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Europe/Ljubljana")), tick=False):
        old = make_report()  # a Friday: 6 working days before Monday 30 November
    closed = make_report(status="resolved", closed_at=timezone.now())
    new = make_report(slug="pats")
    reports = list(client.get("/manage/reports/").context["reports"])
    assert reports == [old, new, closed]
    assert old.working_days_open() == 6 and old.overdue == "resolve" and new.overdue is None
    assert "past 5 working days" in client.get("/manage/reports/").content.decode()


def test_a_resolved_phone_report_links_to_the_edit_that_fixed_it(client):
    user = named_users()["kljuc member"]
    client.force_login(user)
    report = make_report()
    phone = Programme.objects.get(slug="kljuc-hotline").contacts.get(kind="phone")
    contact_update(contact=phone, data={"display": "080 17 22 (new)"}, author=Author(user))
    client.post(f"/manage/reports/{report.pk}/close/", {"status": "resolved", "note": "number fixed"})
    report.refresh_from_db()
    assert (report.status, report.closed_by, report.note) == ("resolved", user, "number fixed")
    assert report.fixed_by == phone.history.first().history_id
    assert f"#contact-{report.fixed_by}" in client.get("/manage/reports/").content.decode()


def test_closing_needs_an_outcome_and_a_closed_report_stays_closed(client):
    client.force_login(named_users()["staff"])
    report = make_report()
    client.post(f"/manage/reports/{report.pk}/close/", {"status": "", "note": "x"})
    report.refresh_from_db()
    assert report.is_open
    client.post(f"/manage/reports/{report.pk}/close/", {"status": "dismissed"})
    client.post(f"/manage/reports/{report.pk}/close/", {"status": "resolved"})
    report.refresh_from_db()
    assert report.status == "dismissed"


def test_the_age_of_a_report_skips_christmas_holidays_and_the_weekend():
    with time_machine.travel(datetime(2026, 12, 24, 10, tzinfo=ZoneInfo("Europe/Ljubljana")), tick=False):
        report = make_report()
    # 25 and 26 December are holidays, 26-27 a weekend: Monday 28 is the first working day after
    assert report.working_days_open(now=report.created_at + timedelta(days=4)) == 1
