"""Test clients signed in as a member who showed both factors, and codes as an app shows them."""

import time

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.factors import FACTOR_AT


def app_of(user):
    """The user's authenticator app (one is made, confirmed, if they have none)."""
    found = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return found or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_now(device):
    """The six digits the app shows at this moment."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


class Browser(Client):
    """`force_login` signs in with the password and a second factor, as members do;
    `factor=False` is a session that has only the password (a stolen one, say)."""

    def force_login(self, user, backend=None, factor=True):
        super().force_login(user, backend)
        if factor:
            session = self.session
            session["otp_device_id"] = app_of(user).persistent_id
            session[FACTOR_AT] = int(time.time())
            session.save()


def recovery_code(user):
    """A fresh one-time recovery code of the user's (who also gets an app, as every member has)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    app_of(user)
    device, _made = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    return StaticToken.objects.create(device=device, token=StaticToken.random_token()).token


def sign_in(browser, username, password="pw", **extra):
    """Through the real pages: the password, then a second factor (a recovery code: any number of
    sign-ins within one frozen 30-second step of the clock)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    data = {"username": username, "password": password}
    token = browser.cookies["csrftoken"].value if "csrftoken" in browser.cookies else None
    if token:
        data["csrfmiddlewaretoken"] = token
    browser.post("/accounts/login/", data, **extra)
    code = {"code": recovery_code(user)}
    if "csrftoken" in browser.cookies:
        code["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value
    return browser.post("/accounts/factors/verify/", code, **extra)
