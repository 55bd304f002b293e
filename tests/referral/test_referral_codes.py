"""Referral codes: refer with consent from the results, the code on the sheet, the provider's inbox
and its permissions, the worker's status check (rate-limited), the purge, and a model that can hold
nothing about the person."""

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from directory.models import Programme
from referral.loop import services as loop
from referral.models import GapCount, Referral
from tests.directory.users import named_users

pytestmark = pytest.mark.django_db
CODE = re.compile(r"\b([2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3})\b")
# What a referral and a counter may hold (DOMAIN.md v1.1): a new field fails here first.
REFERRAL_FIELDS = {"id", "code", "programme", "needs", "consent", "week", "status", "reason", "changed_on"}
COUNTER_FIELDS = {"id", "month", "region", "need", "outcome", "count"}


def triage_to_pats(client):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    client.post("/triage/q/migration_status/", {"answer": "asylum_applicant"})
    client.post("/triage/q/needs/", {"answer": ["legal", "psychosocial"]})
    client.get("/triage/results/")


def refer_pats(client, **data):
    triage_to_pats(client)
    return client.post("/triage/refer/pats/", {"consent": "on", **data})


def test_the_models_hold_only_the_allowed_fields():
    assert {f.name for f in Referral._meta.get_fields()} == REFERRAL_FIELDS
    assert {f.name for f in GapCount._meta.get_fields()} == COUNTER_FIELDS


def test_codes_are_long_random_and_easy_to_read_aloud():
    codes = {loop.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 9 and not set(c) & set("01OIL") for c in codes)
    assert len(loop.ALPHABET) ** loop.CODE_LENGTH >= 2**40
    assert loop.parsed("k7m 2qx-9pf") == "K7M2QX9PF" and loop.parsed("K7M-2QX-9P0") is None
    assert loop.shown("K7M2QX9PF") == "K7M-2QX-9PF"


def test_a_code_is_unique_in_the_database():
    pats = Programme.objects.get(slug="pats")
    first = loop.referral_create(programme=pats, needs=[], consent=True)
    with pytest.raises(IntegrityError):
        Referral.objects.create(code=first.code, programme=pats, consent=True, week="2026-W49", changed_on=date.today())


def test_the_database_refuses_a_referral_without_consent_or_a_decline_without_reason():
    pats = Programme.objects.get(slug="pats")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            code="AAA222BBB", programme=pats, consent=False, week="2026-W49", changed_on=date.today()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            code="AAA222CCC", programme=pats, consent=True, week="2026-W49", status="declined", changed_on=date.today()
        )


def test_referring_needs_the_persons_agreement_and_keeps_only_programme_needs_week_and_status(client):
    triage_to_pats(client)
    refused = client.post("/triage/refer/pats/", {"needs": ["legal"]})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    assert not Referral.objects.exists()
    response = client.post("/triage/refer/pats/", {"consent": "on", "needs": ["legal"]})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.programme.slug, referral.needs, referral.week, referral.status) == (
        "pats",
        ["legal"],
        "2026-W49",
        "sent",
    )
    sheet = client.get("/triage/sheet/", {"lang": "en"}).content.decode()
    assert f'Referral code: <span dir="ltr" class="font-monospace">{referral.display_code}</span>' in sheet
    assert referral.display_code in client.get("/triage/results/").content.decode()


def test_only_a_suggested_programme_can_be_referred(client):
    triage_to_pats(client)
    assert client.get("/triage/refer/pogum/").status_code == 404  # excluded for these answers
    assert client.get("/triage/refer/no-such/").status_code == 404


def test_the_code_is_in_the_copied_text_in_the_persons_language(client):
    refer_pats(client)
    code = Referral.objects.get().display_code
    text = client.get("/triage/sheet/", {"lang": "uk"}).context["text"]
    assert f"Код направлення: {code}" in text


@pytest.fixture
def users():
    return named_users()


@pytest.fixture
def referral():
    return loop.referral_create(programme=Programme.objects.get(slug="pats"), needs=["legal"], consent=True)


# Who may see the inbox and answer a referral to a Ključ programme (pats). Someone else's code
# answers 404, as a code that does not exist: no account can test which codes exist.
INBOX = {
    "anonymous": ("login", "login"),
    "trainee": (200, 404),
    "kljuc member": (200, 302),
    "karitas member": (200, 404),
    "staff": (200, 302),
}


@pytest.mark.parametrize("who", INBOX)
def test_permission_matrix_for_referrals(client, users, referral, who):
    if users[who]:
        client.force_login(users[who])
    inbox = client.get("/manage/referrals/")
    answer = client.post(f"/manage/referrals/{referral.code}/", {f"{referral.code}-status": "accepted"})
    for response, expected in zip((inbox, answer), INBOX[who], strict=True):
        if expected == "login":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == expected
    listed = referral.display_code in inbox.content.decode()
    assert listed == (who in ("kljuc member", "staff"))
    referral.refresh_from_db()
    assert referral.status == ("accepted" if INBOX[who][1] == 302 else "sent")


def test_a_decline_needs_a_reason_shown_next_to_the_field_and_is_counted(client, users, referral):
    client.force_login(users["kljuc member"])
    response = client.post(f"/manage/referrals/{referral.code}/", {f"{referral.code}-status": "declined"})
    assert response.status_code == 400
    assert "Choose why the referral was declined." in response.content.decode()
    client.post(
        f"/manage/referrals/{referral.code}/",
        {f"{referral.code}-status": "declined", f"{referral.code}-reason": "no_capacity"},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == ("declined", "no_capacity")
    counter = GapCount.objects.get(outcome="referral_declined:no_capacity")
    assert (counter.month, counter.region, counter.need, counter.count) == ("2026-11", "unknown", "legal", 1)


def test_the_inbox_lists_newest_first_by_status(client, users):
    pats = Programme.objects.get(slug="pats")
    older = loop.referral_create(programme=pats, needs=[], consent=True, today=date(2026, 11, 20))
    newer = loop.referral_create(programme=pats, needs=[], consent=True, today=date(2026, 11, 29))
    accepted = loop.referral_create(programme=pats, needs=[], consent=True)
    loop.referral_set_status(referral=accepted, status="accepted")
    client.force_login(users["kljuc member"])
    page = client.get("/manage/referrals/").content.decode()
    positions = [page.index(r.display_code) for r in (newer, older, accepted)]
    assert positions == sorted(positions)


def test_a_worker_checks_a_code_and_sees_only_status_programme_and_week(client, referral):
    loop.referral_set_status(referral=referral, status="accepted")
    response = client.post("/referrals/", {"code": referral.display_code.lower()})
    page = response.content.decode()
    assert response.status_code == 200 and "Accepted" in page and "the week November 30 – December 6 2026" in page
    assert "PATS" in page and "30 days" in page
    assert "legal" not in page.lower().split("</h1>")[1].split("<form")[0]  # not the needs
    unknown = client.post("/referrals/", {"code": "AAA-BBB-CCC"})
    assert unknown.status_code == 404 and "No referral has this code" in unknown.content.decode()
    malformed = client.post("/referrals/", {"code": "hello"})
    assert malformed.status_code == 400 and 'aria-invalid="true"' in malformed.content.decode()


def test_checking_codes_is_limited_per_address(client, referral):
    for _ in range(loop_checks()):
        assert client.post("/referrals/", {"code": "AAA-BBB-CCC"}).status_code == 404
    limited = client.post("/referrals/", {"code": referral.display_code})
    assert limited.status_code == 429 and "Too many checks" in limited.content.decode()
    other = client.post("/referrals/", {"code": referral.display_code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def loop_checks():
    from referral.loop.views import CHECKS_PER_WINDOW

    return CHECKS_PER_WINDOW


def test_purge_deletes_codes_30_days_after_their_last_change_and_can_run_again(capsys):
    pats = Programme.objects.get(slug="pats")
    today = date(2026, 11, 30)
    old = loop.referral_create(programme=pats, needs=[], consent=True, today=today - timedelta(days=31))
    edge = loop.referral_create(programme=pats, needs=[], consent=True, today=today - timedelta(days=30))
    moved = loop.referral_create(programme=pats, needs=[], consent=True, today=today - timedelta(days=40))
    loop.referral_set_status(referral=moved, status="received", today=today - timedelta(days=2))
    call_command("purge_referrals")
    assert set(Referral.objects.values_list("code", flat=True)) == {edge.code, moved.code}
    assert "Deleted 1 referral" in capsys.readouterr().out
    call_command("purge_referrals")
    assert "Deleted 0 referral" in capsys.readouterr().out
    assert not Referral.objects.filter(code=old.code).exists()


def test_making_codes_is_limited_per_address(client, monkeypatch):
    monkeypatch.setattr("referral.loop.views.REFERRALS_PER_HOUR", 1)
    refer_pats(client)
    second = client.post("/triage/refer/pic-asylum-legal-aid/", {"consent": "on"})
    assert second.status_code == 429 and "Too many referrals" in second.content.decode()
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("who", ["trainee", "karitas member"])
def test_not_yours_and_no_such_code_answer_the_same(client, users, referral, who):
    client.force_login(users[who])
    theirs = client.post(f"/manage/referrals/{referral.code}/", {f"{referral.code}-status": "accepted"})
    missing = client.post("/manage/referrals/ABCDEFGHJ/", {"ABCDEFGHJ-status": "accepted"})
    assert theirs.status_code == missing.status_code == 404

    def page(response):  # the same page but for the form tokens and the address asked for
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return text.replace(referral.code, "CODE").replace("ABCDEFGHJ", "CODE")

    assert page(theirs) == page(missing)


def test_the_status_control_shows_where_a_referral_stands(client, users, referral):
    from referral.loop.services import referral_set_status

    client.force_login(users["kljuc member"])
    referral_set_status(referral=referral, status="accepted")
    page = client.get("/manage/referrals/").content.decode()
    control = page.split(f'name="{referral.code}-status"')[1].split("</select>")[0]
    assert '<option value="accepted" selected>' in control
    client.post(f"/manage/referrals/{referral.code}/", {f"{referral.code}-status": "accepted"})  # saved as shown
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_a_new_referral_mails_the_members_the_programme_and_week_only(
    client, users, mailoutbox, django_capture_on_commit_callbacks
):
    from directory.models import Programme
    from referral.loop.services import referral_create

    with django_capture_on_commit_callbacks(execute=True):
        made = referral_create(programme=Programme.objects.get(slug="pats"), needs=["legal"], consent=True)
    assert [m.to for m in mailoutbox] == [["ngo-kljuc@example.org"]]
    body = mailoutbox[0].body
    assert "PATS" in mailoutbox[0].subject or "pats" in body.lower()
    assert made.week in body and "/manage/referrals/" in body
    assert made.code not in body and "legal" not in body.lower()


def test_the_start_page_links_the_inbox_with_the_number_of_new_referrals(client, users, referral):
    client.force_login(users["kljuc member"])
    page = client.get("/manage/").content.decode()
    assert 'href="/manage/referrals/"' in page and "1 new" in page


def test_a_replayed_cookie_refers_nobody_twice(client):
    from django.test import Client

    from referral.questionnaire.sealed import COOKIE

    triage_to_pats(client)
    before = client.cookies[COOKIE].value  # a copy taken before the referral
    assert client.post("/triage/refer/pats/", {"consent": "on"}).status_code == 302
    replays = []
    for _ in range(3):
        other = Client(HTTP_ACCEPT_LANGUAGE="en")
        other.cookies[COOKIE] = before
        replays.append(other.post("/triage/refer/pats/", {"consent": "on"}))
    assert Referral.objects.count() == 1
    assert all(r.status_code == 429 and "already referred" in r.content.decode() for r in replays)
