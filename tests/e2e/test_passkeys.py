"""At 375 px, in Chromium with a virtual authenticator (the DevTools WebAuthn domain): a member adds
a passkey on the factors page, signs out, and completes the next sign-in with it instead of a code."""

import re

from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from tests.e2e.conftest import run_axe, sign_in_as_kljuc_member


def test_a_member_adds_a_passkey_and_signs_in_with_it(phone):
    devtools = phone.context.new_cdp_session(phone)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    user = sign_in_as_kljuc_member(phone)
    phone.goto(phone.base + "/accounts/factors/")
    phone.click("#passkey-register-button")
    expect(phone.locator("form[action*='/factors/passkeys/']")).to_have_count(1)  # listed after the reload
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
    assert run_axe(phone) == []

    phone.click("button:has-text('Sign out')")
    phone.goto(phone.base + "/accounts/login/")
    phone.fill("#id_username", "ngo-kljuc")
    phone.fill("#id_password", "a-long-passphrase-42")
    phone.click("#main form button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/accounts/factors/verify/"))
    expect(phone.locator("#passkey-verification-button")).to_be_visible()
    assert run_axe(phone) == []
    phone.click("#passkey-verification-button")
    expect(phone).to_have_url(re.compile(r"/manage/$"))
    expect(phone.locator("h1")).to_have_text("Your programmes")
