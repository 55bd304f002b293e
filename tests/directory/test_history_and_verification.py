"""History with who/when/old → new, revert, "still correct", staleness everywhere it shows."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from directory.models import Contact, Language, Programme
from directory.services import Author, programme_update, programme_verify
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0))


@pytest.fixture
def editor(client):
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user)
    return user


def edit(programme, user, **changes):
    programme_update(programme=programme, data=changes, author=Author(user))


def test_history_lists_who_when_and_old_to_new_per_field(client, editor):
    programme = Programme.objects.get(slug="pats")
    edit(programme, editor, fees_en="free")
    edit(programme, editor, fees_en="free of charge", offers_en="Visits")
    languages = [*programme.languages.all(), Language.objects.get(code="en")]
    programme_update(programme=programme, data={}, m2m={"languages": languages}, author=Author(editor))
    edit(programme, editor, status="temporarily_closed")
    response = client.get("/manage/programmes/pats/history/", HTTP_ACCEPT_LANGUAGE="en")
    entries = response.context["entries"]
    changes = [{c.label: (c.old, c.new) for c in entry.changes} for entry in entries]
    assert changes[0] == {"status": ("active", "temporarily_closed")}
    assert changes[1] == {"languages": ("", "English (en)")}
    assert changes[2] == {
        "fees (English)": ("free", "free of charge"),
        "what it offers (English)": (programme.history.last().offers_en, "Visits"),
    }
    assert "ngo-kljuc" in response.content.decode()


def test_history_page_runs_a_constant_number_of_queries(client, editor, django_assert_num_queries):
    programme = Programme.objects.get(slug="pats")
    for n in range(3):
        edit(programme, editor, fees_en=f"v{n}")
    # session, user, second factor, programme, programme history, m2m history x2, contact history
    with django_assert_num_queries(9):
        client.get("/manage/programmes/pats/history/")
    for n in range(5):
        edit(programme, editor, fees_en=f"w{n}")
    with django_assert_num_queries(9):
        client.get("/manage/programmes/pats/history/")


def test_revert_restores_an_earlier_version_and_is_itself_recorded(client, editor):
    programme = Programme.objects.get(slug="pats")
    edit(programme, editor, offers_en="Good text")
    good = programme.history.first()
    edit(programme, editor, offers_en="Mistake", status="ended")
    response = client.post(f"/manage/programmes/pats/history/{good.history_id}/revert/")
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.offers_en, programme.status) == ("Good text", "active")
    assert (
        programme.history.first().history_change_reason
        == f"manage:reverted:{good.history_date.astimezone(timezone.get_current_timezone()):%Y-%m-%dT%H:%M}"
    )
    assert programme.history.first().history_user == editor
    assert "Reverted to the version of" in client.get("/manage/programmes/pats/history/").content.decode()


def test_revert_of_another_programmes_record_is_404(client, editor):
    other = Programme.objects.get(slug="safe-accommodation")
    edit(other, editor, fees_en="x")
    record = other.history.first()
    assert client.post(f"/manage/programmes/pats/history/{record.history_id}/revert/").status_code == 404


def test_still_correct_records_who_and_when_for_the_programme_and_its_contacts(client, editor):
    with time_machine.travel(NOW, tick=False):
        response = client.post("/manage/programmes/kljuc-hotline/verify/")
    assert response["Location"] == "/manage/"
    programme = Programme.objects.get(slug="kljuc-hotline")
    assert (programme.last_verified_at, programme.verified_by) == (NOW, editor)
    assert all(c.last_verified_at == NOW for c in Contact.objects.filter(programmes=programme))
    assert programme.history.first().history_change_reason == "manage:verified"
    assert "Verified as still correct" in client.get("/manage/programmes/kljuc-hotline/history/").content.decode()


def test_verify_accepts_only_post(client, editor):
    assert client.get("/manage/programmes/kljuc-hotline/verify/").status_code == 405


def test_the_dashboard_puts_stale_first(client, editor):
    fresh = Programme.objects.get(slug="pats")
    stale = Programme.objects.get(slug="reintegration")
    due = Programme.objects.get(slug="kljuc-hotline")
    with time_machine.travel(NOW - timedelta(days=200), tick=False):
        programme_verify(programme=stale, author=Author(editor))
    with time_machine.travel(NOW - timedelta(days=120), tick=False):
        programme_verify(programme=due, author=Author(editor))
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        programme_verify(programme=fresh, author=Author(editor))
    with time_machine.travel(NOW, tick=False):
        order = [p.slug for p in client.get("/manage/").context["programmes"]]
        states = {p.slug: p.verification_state for p in client.get("/manage/").context["programmes"]}
    assert order[0] == "reintegration"
    assert order.index("kljuc-hotline") < order.index("pats") and order[-1] == "pats"
    assert states["reintegration"] == "stale" and states["kljuc-hotline"] == "due" and states["pats"] == "fresh"
    assert order.index("pogum") < order.index("kljuc-hotline")  # never verified before due


def test_stale_programmes_sort_after_fresh_ones_in_the_directory(client, editor):
    with time_machine.travel(NOW - timedelta(days=300), tick=False):
        programme_verify(programme=Programme.objects.get(slug="caritas-24h-line"), author=Author(editor))
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        programme_verify(programme=Programme.objects.get(slug="sos-helpline"), author=Author(editor))
    with time_machine.travel(NOW, tick=False):
        listed = [p.slug for p in client.get("/directory/", {"q": "telefon"}).context["page"]]
    assert listed.index("sos-helpline") < listed.index("kljuc-hotline") < listed.index("caritas-24h-line")


def test_public_page_says_the_provider_confirmed_it_and_when_never_which_account(client, editor):
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        programme_verify(programme=Programme.objects.get(slug="pats"), author=Author(editor))
    with time_machine.travel(NOW, tick=False):
        page = Client().get("/directory/pats/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # the public
    assert "Confirmed by the provider on 20. 11. 2026" in page and "10 days ago" in page
    assert "ngo-kljuc" not in page


def test_stale_report_lists_what_is_due_or_stale_per_organisation(editor):
    with time_machine.travel(NOW - timedelta(days=100), tick=False):
        programme_verify(programme=Programme.objects.get(slug="pats"), author=Author(editor))
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        programme_verify(programme=Programme.objects.get(slug="kljuc-hotline"), author=Author(editor))
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("stale_report", stdout=out)
    text = out.getvalue()
    assert "Ključ Society" in text and "[pats]: due for checking, last verified 100 days ago" in text
    assert "[kljuc-hotline]" not in text
    assert "[pogum]" not in text  # ended programmes need no reminder
    assert "[crisis-accommodation]: never verified" in text
