"""Passkeys and security keys (WebAuthn) as a second factor, where the browser offers them, with
django-otp-webauthn: its scripts (our own static files, strict CSP) and ceremonies, our pages.
The relying party is the site itself: its host (checked by ALLOWED_HOSTS) and that origin only."""

import time

from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.views import CompleteCredentialAuthenticationView, CompleteCredentialRegistrationView

from directory.factors import FACTOR_AT, factor_changed


def rp_id(request):
    return request.get_host().rsplit(":", 1)[0].strip("[]")


class SiteHelper(WebAuthnHelper):
    def get_allowed_origins(self):
        return [*super().get_allowed_origins(), f"{self.request.scheme}://{self.request.get_host()}"]


class PasskeyAdded(CompleteCredentialRegistrationView):
    """A passkey added from the factors page (with a factor shown lately): the owner is told."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        factor_changed(self.request.user, "added")
        return response


class PasskeyUsed(CompleteCredentialAuthenticationView):
    """A passkey completes the sign-in, or confirms it is you before a sensitive page."""

    def complete_auth(self, device):
        super().complete_auth(device)
        self.request.session[FACTOR_AT] = int(time.time())
