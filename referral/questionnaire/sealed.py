"""What a worker tells the questionnaire about a person lives only in their browser, sealed.

The answers travel in one cookie encrypted and authenticated with a key derived from the
server's secret (Fernet: AES-128-CBC with HMAC-SHA256), so they cannot be read or changed without
it. The token carries its own time: one not used for `SEALED_COOKIE_IDLE_SECONDS` (2 hours) is
refused, and every request that reads it seals it again, so it lives only while in use. It also
carries a random id: "start again" and quick exit record that id (hashed) as ended until the
cookie would have expired anyway, so a copy of the cookie taken earlier is useless from then on;
what a triage may do once (be counted in the gap report, refer to a programme) is recorded the
same way, so a replayed copy does it no second time.
Nothing else about the answers is written to the database, a file or a log.
"""

import base64
import hashlib
import json
import secrets
from collections.abc import MutableMapping
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

COOKIE = "kazipot_private"


def _fernet():
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(salted_hmac("kazipot.sealed", "", secret=key, algorithm="sha256").digest()))
            for key in keys
        ]
    )


def _digest(token_id):
    return hashlib.sha256(token_id.encode()).hexdigest()


def seal(token_id, data):
    return _fernet().encrypt(json.dumps({"id": token_id, "data": data}).encode()).decode()


def unseal(value):
    """(id, data) of a cookie value, or None if it is forged, damaged, expired or ended."""
    from referral.models import EndedSeal

    try:
        content = json.loads(_fernet().decrypt(value.encode(), ttl=settings.SEALED_COOKIE_IDLE_SECONDS))
        token_id, data = content["id"], content["data"]
    except (InvalidToken, ValueError, TypeError, KeyError):
        return None
    if not isinstance(token_id, str) or not isinstance(data, dict):
        return None
    if EndedSeal.objects.filter(digest=_digest(token_id)).exists():
        return None
    return token_id, data


MARK_DAYS = 30


def first_time(token_id, what):
    """Whether the triage of this cookie id does `what` ("counted", "refer:<slug>") for the first
    time, recorded on the server at once (a unique row: of parallel replays only one is first)."""
    from django.db import IntegrityError, transaction

    from referral.models import SealMark

    if not token_id:
        return True  # a cookie sealed for the first time in this very response: nothing to replay
    try:
        with transaction.atomic():
            SealMark.objects.create(
                digest=_digest(f"{token_id}:{what}"), until=timezone.now() + timedelta(days=MARK_DAYS)
            )
    except IntegrityError:
        return False
    return True


class Sealed(MutableMapping):
    """This browser's private state, read from its cookie on first use."""

    def __init__(self, cookie):
        self.cookie = cookie
        self._data = None
        self.id = None

    def _load(self):
        if self._data is None:
            found = unseal(self.cookie) if self.cookie else None
            self.id, self._data = found if found else (None, {})
        return self._data

    @property
    def loaded(self):
        return self._data is not None

    def __getitem__(self, key):
        return self._load()[key]

    def __setitem__(self, key, value):
        self._load()[key] = value

    def __delitem__(self, key):
        del self._load()[key]

    def __iter__(self):
        return iter(self._load())

    def __len__(self):
        return len(self._load())

    def end(self):
        """Forget everything, and make any copy of the cookie useless from now on."""
        from referral.models import EndedSeal

        self._load()
        if self.id:
            now = timezone.now()
            EndedSeal.objects.filter(until__lt=now).delete()
            until = now + timedelta(seconds=settings.SEALED_COOKIE_IDLE_SECONDS)
            EndedSeal.objects.get_or_create(digest=_digest(self.id), defaults={"until": until})
        self.id, self._data = None, {}


class SealedCookieMiddleware:
    """`request.sealed`: the private state; sealed again into the response whenever it was used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.sealed = Sealed(request.COOKIES.get(COOKIE))
        response = self.get_response(request)
        sealed = request.sealed
        if not sealed.loaded:
            return response
        if sealed:
            sealed.id = sealed.id or secrets.token_urlsafe(24)
            response.set_cookie(
                COOKIE,
                seal(sealed.id, dict(sealed)),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif sealed.cookie:
            response.delete_cookie(COOKIE, samesite="Lax")
        return response
