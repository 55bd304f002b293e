"""Two factors: a password alone reaches neither /manage/ nor /admin/; the first sign-in sets up an
authenticator app and recovery codes; sensitive pages ask again; every change to the password or
the factors is mailed to the account's own address and kept in the audit log."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.factors import remove_all_factors
from directory.models import AuditEvent
from tests.directory.users import make_user
from tests.factors import app_of, code_now, recovery_code, sign_in

pytestmark = pytest.mark.django_db


def password_only(username):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert browser.post("/accounts/login/", {"username": username, "password": "pw"}).status_code == 302
    return browser


@pytest.mark.parametrize("url", ["/manage/", "/manage/programmes/pats/edit/", "/manage/referrals/", "/admin/"])
def test_a_password_alone_reaches_neither_manage_nor_admin_for_an_account_with_factors(url):
    user = make_user("admin", staff=True)
    user.is_superuser = True
    user.save()
    make_user("ngo-kljuc", org="kljuc")
    for name in ("admin", "ngo-kljuc"):
        app_of(get_user_model().objects.get(username=name))
        response = password_only(name).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/factors/verify/?next=")


def test_an_account_without_a_factor_sets_one_up_at_its_first_sign_in(mailoutbox, django_capture_on_commit_callbacks):
    user = make_user("ngo-kljuc", org="kljuc")
    browser = password_only("ngo-kljuc")
    response = browser.get("/manage/")
    assert response["Location"] == "/accounts/factors/setup/?next=%2Fmanage%2F"
    page = browser.get(response["Location"])
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert len(page.context["secret"]) > 30 and page.context["secret"] in page.content.decode()
    wrong = browser.post("/accounts/factors/setup/", {"code": "000000", "next": "/manage/"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    later = timezone.now() + timedelta(seconds=31)  # a wrong code slows the next try (throttled)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        done = browser.post("/accounts/factors/setup/", {"code": code_now(device), "next": "/manage/"})
        codes = done.context["codes"]
        assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
        assert browser.get("/manage/").status_code == 200
    assert [m.to for m in mailoutbox] == [["ngo-kljuc@example.org"]]
    assert "second factor" in mailoutbox[0].body
    assert AuditEvent.objects.filter(user=user, kind="factor_added").exists()


def test_the_code_from_the_app_completes_the_sign_in_and_a_wrong_one_is_refused_and_logged():
    user = make_user("ngo-kljuc", org="kljuc")
    device = app_of(user)
    browser = password_only("ngo-kljuc")
    wrong = browser.post("/accounts/factors/verify/", {"code": "123456", "next": "/manage/"})
    assert wrong.status_code == 400 and 'id="error_1_id_code"' in wrong.content.decode()
    assert AuditEvent.objects.filter(user=user, kind="factor_failed").count() == 1
    # A failure slows the next try (django-otp's throttle): the right code a moment later is refused too.
    assert browser.post("/accounts/factors/verify/", {"code": code_now(device)}).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        response = browser.post("/accounts/factors/verify/", {"code": code_now(device), "next": "/manage/"})
        assert response.status_code == 302 and response["Location"] == "/manage/"
        assert browser.get("/manage/").status_code == 200


def test_a_recovery_code_signs_in_once():
    user = make_user("ngo-kljuc", org="kljuc")
    code = recovery_code(user)
    first = password_only("ngo-kljuc")
    assert first.post("/accounts/factors/verify/", {"code": code}).status_code == 302
    assert first.get("/manage/").status_code == 200
    second = password_only("ngo-kljuc")
    assert second.post("/accounts/factors/verify/", {"code": code}).status_code == 400
    assert AuditEvent.objects.filter(user=user, kind="recovery_used").count() == 1


def test_a_new_sign_in_asks_for_the_factor_again():
    make_user("ngo-kljuc", org="kljuc")
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(browser, "ngo-kljuc")
    assert browser.get("/manage/").status_code == 200
    browser.post("/accounts/logout/")
    browser.post("/accounts/login/", {"username": "ngo-kljuc", "password": "pw"})
    assert browser.get("/manage/").status_code == 302


def test_the_verify_page_never_sends_anyone_to_another_site():
    user = make_user("ngo-kljuc", org="kljuc")
    browser = password_only("ngo-kljuc")
    response = browser.post("/accounts/factors/verify/", {"code": recovery_code(user), "next": "https://evil.example/"})
    assert response["Location"] == "/manage/"


def test_the_edit_page_asks_for_the_password_and_a_code_again_after_fifteen_minutes(client):
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user)
    assert client.get("/manage/programmes/pats/edit/").status_code == 200
    later = timezone.now() + timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        response = client.get("/manage/programmes/pats/edit/")
        assert response["Location"] == "/accounts/factors/again/?next=%2Fmanage%2Fprogrammes%2Fpats%2Fedit%2F"
        assert client.get("/manage/").status_code == 200  # other pages are not sensitive
        wrong = client.post(
            "/accounts/factors/again/", {"password": "nope", "code": code_now(app_of(user)), "next": "/x/"}
        )
        assert wrong.status_code == 400 and "That password is not right" in wrong.content.decode()
    with time_machine.travel(later + timedelta(seconds=31), tick=False):
        data = {"password": "pw", "code": code_now(app_of(user)), "next": "/manage/programmes/pats/edit/"}
        assert client.post("/accounts/factors/again/", data)["Location"] == "/manage/programmes/pats/edit/"
        assert client.get("/manage/programmes/pats/edit/").status_code == 200


def test_the_password_is_changed_only_with_a_fresh_factor_and_the_owner_is_told(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user, factor=False)  # a stolen password-only session
    new = "a much longer passphrase 42"
    data = {"old_password": "pw", "new_password1": new, "new_password2": new}
    refused = client.post("/accounts/password_change/", data)
    assert refused["Location"].startswith("/accounts/factors/again/")
    user.refresh_from_db()
    assert user.check_password("pw") and mailoutbox == []
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/password_change/", data).status_code == 302
    assert [m.to for m in mailoutbox] == [["ngo-kljuc@example.org"]]
    assert "password of your Kažipot account was changed" in mailoutbox[0].body
    assert AuditEvent.objects.filter(user=user, kind="password_changed").exists()


def test_a_password_set_by_any_door_is_mailed_to_the_owner_too(mailoutbox, django_capture_on_commit_callbacks):
    user = make_user("ngo-kljuc", org="kljuc")
    user.set_password("another passphrase 42")
    with django_capture_on_commit_callbacks(execute=True):
        user.save()
    assert [m.to for m in mailoutbox] == [["ngo-kljuc@example.org"]]


def test_the_factors_page_makes_new_recovery_codes_and_the_old_ones_stop(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user("ngo-kljuc", org="kljuc")
    old = recovery_code(user)
    client.force_login(user)
    assert "1 recovery code left" in client.get("/accounts/factors/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/accounts/factors/recovery-codes/")
    assert len(page.context["codes"]) == 10
    assert not StaticDevice.objects.get(user=user).token_set.filter(token=old).exists()
    assert len(mailoutbox) == 1


def test_the_only_app_cannot_be_removed(client):
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user)
    app = app_of(user)
    client.post(f"/accounts/factors/apps/{app.pk}/remove/")
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_staff_reset_a_lost_factor_and_the_next_sign_in_sets_one_up(mailoutbox):
    user = make_user("ngo-kljuc", org="kljuc")
    staff = make_user("admin", staff=True)
    app_of(user)
    recovery_code(user)
    remove_all_factors(user, by=staff)
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(user=user, kind="factor_removed", by=staff).exists()
    assert password_only("ngo-kljuc").get("/manage/")["Location"].startswith("/accounts/factors/setup/")


def test_the_audit_log_shows_sign_ins_and_failures_to_staff_and_nothing_typed(client):
    make_user("ngo-kljuc", org="kljuc")
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.post("/accounts/login/", {"username": "ngo-kljuc", "password": "secret-typo"})
    browser.post("/accounts/login/", {"username": "nobody-like-this", "password": "x"})
    sign_in(browser, "ngo-kljuc")
    client.force_login(make_user("admin", staff=True))
    page = client.get("/manage/audit/").content.decode()
    assert "wrong password" in page and "signed in" in page
    assert "secret-typo" not in page and "nobody-like-this" not in page
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"sign_in_failed", "signed_in", "recovery_used"} <= kinds


def test_the_admin_is_reached_with_both_factors(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert re.search(r"/admin/directory/", admin_client.get("/admin/").content.decode())


def test_staff_reset_factors_from_the_admin(admin_client):
    user = make_user("ngo-kljuc", org="kljuc")
    app_of(user)
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_factors", "_selected_action": [user.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "Second factors removed: 1" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_passkey_scripts_speak_slovenian(client):
    script = client.get("/accounts/passkeys/jsi18n/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Preveri s klju" in script and "Dodaj klju" in script


def test_the_verify_page_offers_a_passkey_only_to_an_account_that_has_one():
    from django_otp_webauthn.models import WebAuthnCredential

    user = make_user("ngo-kljuc", org="kljuc")
    app_of(user)
    assert (
        "passkey-verification-button"
        not in password_only("ngo-kljuc").get("/accounts/factors/verify/").content.decode()
    )
    WebAuthnCredential.objects.create(
        user=user, name="key", confirmed=True, credential_id=b"id", public_key=b"key", sign_count=0
    )
    page = password_only("ngo-kljuc").get("/accounts/factors/verify/").content.decode()
    assert "passkey-verification-button" in page and 'id="otp_webauthn_config"' in page
