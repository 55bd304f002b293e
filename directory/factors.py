"""Two factors for every account that keeps the directory (providers, staff, the admin): a password,
then a code from an authenticator app (TOTP, RFC 6238) or a one-time recovery code, with
django-otp's devices and throttling. A password alone reaches neither /manage/ nor /admin/: an
account with no factor sets one up first, an account with one enters its code. Sensitive pages
(the edit page that changes public contacts, the password, the factors) ask again after a while.
"""

import functools
import time
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from directory.models import AuditKind, audit

PROTECTED = ("/manage/", "/admin/")
OPEN = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/")
FACTOR_AT = "kazipot_factor_at"  # when this session last showed a factor (seconds since the epoch)
RECOVERY_CODES = 10


def recent_seconds():
    return settings.KAZIPOT_REAUTH_MINUTES * 60


def second_factor(get_response):
    """A signed-in user reaches /manage/ and /admin/ only after a second factor in this session."""

    def middleware(request):
        path = request.path_info
        user = request.user
        if path.startswith(PROTECTED) and not path.startswith(OPEN) and user.is_authenticated:
            if not user.is_verified():
                target = "factor-verify" if user_has_device(user) else "factor-setup"
                return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
            if path.startswith("/admin/") and request.method == "POST" and not is_recent(request, grace=True):
                return redirect(reverse("factor-again") + "?" + urlencode({"next": path}))
        return get_response(request)

    return middleware


def is_recent(request, grace=False):
    """Whether this session showed a factor lately; `grace`: a page opened in time may still be saved."""
    window = recent_seconds() * (4 if grace else 1)
    return time.time() - request.session.get(FACTOR_AT, 0) < window


def recent_factor(view):
    """A sensitive page: reached only with a factor shown lately, else the factor is asked again
    (a saved form may still be posted for a while after the page was opened in time)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_recent(request, grace=request.method == "POST"):
            return redirect(reverse("factor-again") + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapped


def _next(request, default="manage:dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def _verified(request, device):
    otp_login(request, device)
    request.session[FACTOR_AT] = int(time.time())


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.device, self.request = user, None, request

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        # Devices are read locked (FOR UPDATE), so parallel tries of one code count as one (TOTP
        # refuses a code used already; a recovery code is deleted): in a transaction of its own.
        with transaction.atomic():
            for device in devices_for_user(self.user, for_verify=True):
                allowed, _why = device.verify_is_allowed()
                if allowed and device.verify_token(code):
                    self.device = device
                    return code
        audit(AuditKind.FACTOR_FAILED, self.user)
        raise forms.ValidationError(
            _("That code is not right, or too many were tried. Wait a moment and enter the newest code."),
            code="wrong",
        )


class AgainForm(CodeForm):
    password = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput)
    field_order = ["password", "code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through the backends, so that wrong passwords here count towards the lock-out too.
        if authenticate(self.request, username=self.user.get_username(), password=password) is None:
            raise forms.ValidationError(_("That password is not right."), code="wrong")
        return password


def _used_recovery(request, device):
    if isinstance(device, StaticDevice):
        audit(AuditKind.RECOVERY_USED, request.user)
        left = device.token_set.count()
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code; %(n)d is left. Make new ones on your factors page.",
                "You signed in with a recovery code; %(n)d are left. Make new ones on your factors page.",
                left,
            )
            % {"n": left},
        )


@never_cache
@login_required
def verify(request):
    """The second step of signing in."""
    if not user_has_device(request.user):
        return redirect(reverse("factor-setup") + "?" + urlencode({"next": _next(request)}))
    if request.user.is_verified() and request.method == "GET":
        return redirect(_next(request))  # shown already in this session (a passkey, another tab)
    return _ask(request, CodeForm(request.POST or None, user=request.user), "registration/factor_verify.html")


def _ask(request, form, template):
    """A page that asks for a factor: on a right one, this session has shown it now."""
    if request.method == "POST" and form.is_valid():
        _verified(request, form.device)
        _used_recovery(request, form.device)
        return redirect(_next(request))
    status = 400 if form.errors else 200
    context = {"form": form, "next": _next(request), "has_passkey": _has_passkey(request.user)}
    return render(request, template, context, status=status)


def _has_passkey(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


@never_cache
@sensitive_post_parameters("password", "code")
@login_required
def again(request):
    """Confirm it is you (password and code) before a sensitive change."""
    if not user_has_device(request.user):
        return redirect(reverse("factor-setup") + "?" + urlencode({"next": _next(request)}))
    form = AgainForm(request.POST or None, user=request.user, request=request)
    return _ask(request, form, "registration/factor_again.html")


def _qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#0b0c0c", light="#ffffff")


def _grouped(key_b32):
    return " ".join(key_b32[i : i + 4] for i in range(0, len(key_b32), 4))


def new_recovery_codes(user):
    """Ten fresh one-time codes (the old ones stop working), shown once."""
    device, _made = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def factor_changed(user, what):
    """Tell the account's own address that its factors changed, and keep it in the audit log."""
    audit(AuditKind.FACTOR_ADDED if what == "added" else AuditKind.FACTOR_REMOVED, user)
    _mail_own(user, "registration/factor_changed_email.txt", {"what": what})


def _mail_own(user, template, context):
    if not user.email:
        return
    body = render_to_string(template, {"user": user, "base_url": settings.KAZIPOT_BASE_URL, **context})
    transaction.on_commit(
        lambda: send_mail(_("Kažipot: your account changed"), body, None, [user.email], fail_silently=True)
    )


@never_cache
@login_required
def setup(request):
    """Add an authenticator app: on first sign-in (no factor yet), or later from the factors page
    (with the factor shown lately)."""
    user = request.user
    has_one = user_has_device(user)
    if has_one and not user.is_verified():
        return redirect(reverse("factor-verify") + "?" + urlencode({"next": request.get_full_path()}))
    if has_one and not is_recent(request, grace=request.method == "POST"):
        return redirect(reverse("factor-again") + "?" + urlencode({"next": request.get_full_path()}))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = SetupForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = new_recovery_codes(user) if not has_one else None
            factor_changed(user, "added")
        _verified(request, device)
        if codes:
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next(request)})
        messages.success(request, _("Authenticator app added."))
        return redirect("factors")
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": _grouped(_b32(device)),
        "first": not has_one,
        "next": _next(request),
    }
    return render(request, "registration/factor_setup.html", context, status=400 if form.errors else 200)


def _b32(device):
    return b32encode(device.bin_key).decode()


class SetupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Check the time on your phone, wait for the next code and enter it."),
                code="wrong",
            )
        return code


@never_cache
@login_required
@recent_factor
def factors(request):
    """An account's factors: authenticator apps, recovery codes left; add, remove, new codes."""
    apps = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk")
    passkeys = WebAuthnCredential.objects.filter(user=request.user, confirmed=True).order_by("pk")
    recovery = StaticDevice.objects.filter(user=request.user).first()
    left = recovery.token_set.count() if recovery else 0
    return render(request, "registration/factors.html", {"apps": apps, "passkeys": passkeys, "recovery_left": left})


def _remove(request, model, pk):
    """Remove one of the user's apps or passkeys, never the last of them (recovery codes alone
    are for a lost phone, not for every day)."""
    user = request.user
    everyday = (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
    )
    found = model.objects.filter(user=user, confirmed=True, pk=pk).first()
    if found is None:
        return redirect("factors")
    if everyday < 2:
        messages.error(request, _("This is your only authenticator app or passkey: add another before you remove it."))
        return redirect("factors")
    found.delete()
    factor_changed(user, "removed")
    messages.success(request, _("Removed."))
    return redirect("factors")


@login_required
@recent_factor
@require_POST
def remove_app(request, pk):
    return _remove(request, TOTPDevice, pk)


@login_required
@recent_factor
@require_POST
def remove_passkey(request, pk):
    return _remove(request, WebAuthnCredential, pk)


@never_cache
@login_required
@recent_factor
@require_POST
def recovery_codes(request):
    codes = new_recovery_codes(request.user)
    factor_changed(request.user, "added")
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": reverse("factors")})


def remove_all_factors(user, *, by):
    """Staff, for an account that lost its factors (identity checked outside Kažipot): at the next
    sign-in it sets up a factor again."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit(AuditKind.FACTOR_REMOVED, user, by=by, note="reset by staff")
    _mail_own(user, "registration/factor_changed_email.txt", {"what": "reset"})


# The audit log's account events -------------------------------------------------------------------


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit(AuditKind.SIGNED_IN, user)
    if request is not None and hasattr(request, "session"):
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.session.pop(FACTOR_AT, None)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    """Only the account it was for, if one has that name: nothing typed is kept."""
    name = (credentials or {}).get("username")
    user = get_user_model().objects.filter(username=name).first() if name else None
    if user is not None:
        audit(AuditKind.SIGN_IN_FAILED, user)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _password_changed(sender, instance, raw=False, **kwargs):
    """Whatever door changed it (the password page, a reset link, the admin), the owner hears."""
    if raw or instance.pk is None or (kwargs.get("update_fields") and "password" not in kwargs["update_fields"]):
        return  # a new account, or a save of other fields (the last sign-in time at every sign-in)
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        audit(AuditKind.PASSWORD_CHANGED, instance)
        _mail_own(instance, "registration/password_changed_email.txt", {})
