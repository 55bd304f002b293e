"""Sessions that really end: signed-in sessions live on the server, triage answers live sealed in
the browser, and logging out, "start again" and quick exit make copied cookies useless."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from referral.questionnaire.sealed import COOKIE
from tests.directory.users import make_user
from tests.factors import sign_in

pytestmark = pytest.mark.django_db


def triage_answers(client):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    client.post("/triage/q/migration_status/", {"answer": "asylum_applicant"})
    return client.cookies[COOKIE].value


def browser_with(cookie_name, value):
    """Another browser holding a copy of one cookie."""
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.cookies[cookie_name] = value
    return other


def has_answers(client):
    return client.get("/triage/results/").status_code == 200


def test_the_triage_cookie_holds_no_answer_in_clear(client):
    value = triage_answers(client)
    padded = value + "=" * (-len(value) % 4)
    for form in (value, base64.urlsafe_b64decode(padded).decode("latin-1")):
        for secret in ("asylum_applicant", "immediate_danger", "migration_status", "answers"):
            assert secret not in form
    assert has_answers(browser_with(COOKIE, value))  # it is the answers, sealed


def test_a_forged_or_damaged_triage_cookie_is_ignored(client):
    value = triage_answers(client)
    assert not has_answers(browser_with(COOKIE, value[:-4] + "AAAA"))
    assert not has_answers(browser_with(COOKIE, "not a token"))


def test_triage_answers_expire_after_two_hours_without_use(client):
    start = timezone.now()
    value = triage_answers(client)
    with time_machine.travel(start + timedelta(minutes=110), tick=False):
        assert has_answers(client)  # using them seals them again for another two hours
    with time_machine.travel(start + timedelta(minutes=220), tick=False):
        assert has_answers(client)
        assert not has_answers(browser_with(COOKIE, value))  # the first copy was not used for 3h40
    with time_machine.travel(start + timedelta(minutes=221 + 120), tick=False):
        assert not has_answers(client)


def test_start_again_makes_a_copied_triage_cookie_useless(client):
    value = triage_answers(client)
    client.post("/triage/restart/")
    assert not has_answers(client)
    assert not has_answers(browser_with(COOKIE, value))


def test_quick_exit_ends_the_triage_answers_copies_included_and_leaves(client, settings):
    value = triage_answers(client)
    response = client.post("/exit/")
    assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not has_answers(client)
    assert not has_answers(browser_with(COOKIE, value))


def test_quick_exit_by_get_only_leaves(client, settings):
    triage_answers(client)
    response = client.get("/exit/")
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert has_answers(client)  # another site linking to /exit/ cannot end anything


def test_a_quick_exit_posted_from_another_site_ends_nothing_but_still_leaves(client, settings):
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.cookies[COOKIE] = triage_answers(client)
    response = browser.post("/exit/", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
    assert has_answers(browser)


def test_a_quick_exit_with_a_stale_or_missing_token_still_ends_the_answers_and_the_sign_in(client, settings):
    # A page loaded before a sign-in in another tab holds a form token that no longer matches.
    make_user("ngo-kljuc", org="kljuc")
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.cookies[COOKIE] = triage_answers(client)
    browser.get("/accounts/login/")
    token = browser.cookies["csrftoken"].value
    sign_in(browser, "ngo-kljuc")
    assert browser.get("/manage/").status_code == 200
    for data in ({"csrfmiddlewaretoken": token}, {}):  # the token from before the sign-in, or none
        browser.cookies[COOKIE] = triage_answers(client)
        response = browser.post("/exit/", data, HTTP_ORIGIN="http://testserver")
        assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
        assert not has_answers(browser)
        assert browser.get("/manage/").status_code == 302  # signed out: to the login page


def test_the_quick_exit_control_is_a_form_posting_to_exit(client):
    page = client.get("/directory/").content.decode()
    assert 'id="quick-exit-form" method="post" action="/exit/"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_session_cookie_copied_before_logout_is_refused_after(client):
    make_user("ngo-kljuc", org="kljuc")
    assert sign_in(client, "ngo-kljuc").status_code == 302
    copied = client.cookies["sessionid"].value
    assert browser_with("sessionid", copied).get("/manage/").status_code == 200
    client.post("/accounts/logout/")
    assert browser_with("sessionid", copied).get("/manage/").status_code == 302  # to the login page


def test_an_admin_session_copied_before_quick_exit_is_refused_after(client):
    get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    sign_in(client, "admin")
    copied = client.cookies["sessionid"].value
    assert browser_with("sessionid", copied).get("/admin/").status_code == 200
    client.post("/exit/")
    assert browser_with("sessionid", copied).get("/admin/").status_code == 302


def test_a_password_change_ends_every_other_session(client):
    make_user("ngo-kljuc", org="kljuc")
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(other, "ngo-kljuc")
    sign_in(client, "ngo-kljuc")
    new = "a much longer passphrase 42"
    response = client.post(
        "/accounts/password_change/", {"old_password": "pw", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200  # this one carries on
    assert other.get("/manage/").status_code == 302  # the other one has ended


def test_signed_in_pages_are_never_stored_by_browsers_or_caches(client):
    user = make_user("ngo-kljuc", org="kljuc")
    assert "no-store" not in client.get("/directory/").get("Cache-Control", "")
    client.force_login(user)
    for url in ["/manage/", "/manage/programmes/pats/edit/", "/training/progress/", "/directory/"]:
        control = client.get(url)["Cache-Control"]
        assert "private" in control and "no-store" in control, url
