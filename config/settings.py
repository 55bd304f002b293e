"""Kažipot settings: one module, every deployment value read strictly from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    CONSOLE,
    cache_from_url,
    database_from_url,
    email_from_url,
    email_from_variables,
    env_bool,
    env_list,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Development is the default; production sets DJANGO_DEBUG=0 and must then name its secret.
DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    # Second factors: TOTP apps and one-time recovery codes (see directory/factors.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "simple_history",
    "import_export",
    "csp",
    "directory",
    "referral",
]

# The programme's admin page shows other apps' inlines too (directory knows nothing of referral).
PROGRAMME_ADMIN_INLINES = ["referral.admin.CriterionInline", "referral.admin.OfferInline"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "directory.seo.content_language_param",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "directory.factors.second_factor",
    "referral.questionnaire.sealed.SealedCookieMiddleware",
    "config.middleware.private_pages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"
LOGOUT_REDIRECT_URL = "directory:home"

# Five wrong passwords for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# A second factor for /manage/ and /admin/; sensitive pages ask for it again after this long.
KAZIPOT_REAUTH_MINUTES = 15
OTP_TOTP_ISSUER = "Kažipot"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys and security keys: a second factor only (never instead of the password), for this site.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "Kažipot"
OTP_WEBAUTHN_RP_ID_CALLABLE = "directory.passkeys.rp_id"
OTP_WEBAUTHN_HELPER_CLASS = "directory.passkeys.SiteHelper"

# Mail: EMAIL_URL, or the EMAIL_* variables, or (by default) the console. Every send goes through
# a backend that records failures for staff (admin: mail failures) and logs them.
if os.environ.get("EMAIL_URL"):
    globals().update(email_from_url(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    globals().update(email_from_variables())
else:
    KAZIPOT_MAIL_BACKEND = CONSOLE
MAIL_CONFIGURED = bool(os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"))
EMAIL_BACKEND = "directory.mail.RecordingBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "kazipot@localhost")
# The site's address, for links in mail (verification reminders).
KAZIPOT_BASE_URL = os.environ.get("KAZIPOT_BASE_URL", "http://127.0.0.1:8000")
# Passkeys are checked against the page's own origin (its host passed ALLOWED_HOSTS) and the site's
# (https only; browsers offer passkeys on plain http at localhost alone, never at an IP address).
_SITE_ORIGIN = "/".join(KAZIPOT_BASE_URL.split("/")[:3])
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_SITE_ORIGIN if _SITE_ORIGIN.startswith("https://") else "http://localhost:8000"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.quick_exit",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions (signed-in staff and providers) live on the server, so logging out or changing the
# password ends them everywhere. Nothing about a person goes there: triage answers live in the
# browser only, sealed (referral/questionnaire/sealed.py), and are refused after 2 hours without use.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SEALED_COOKIE_IDLE_SECONDS = 2 * 3600

# One cache per process by default; several app processes share one (Redis or memcached) through
# CACHE_URL. It holds rendered directory fragments, the login and report limits: nothing about a
# person being triaged.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# Behind this many reverse proxies (a TLS terminator: 1), the client's address is the one the
# outermost proxy saw (X-Forwarded-For, from the right); 0 trusts no header (REMOTE_ADDR).
KAZIPOT_TRUSTED_PROXIES = int(os.environ.get("KAZIPOT_TRUSTED_PROXIES", "0"))
AXES_IPWARE_PROXY_COUNT = KAZIPOT_TRUSTED_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if KAZIPOT_TRUSTED_PROXIES else ["REMOTE_ADDR"]
)

LANGUAGE_CODE = "sl"
LANGUAGES = [("sl", _("Slovenian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where Django's own locale formats are not how the language writes dates and times (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Ljubljana"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Development serves static files straight from the app folders; production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. Everything but the admin runs under a strict policy: our own files only,
# no inline script or style (quick exit and every other script are static files).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Same-origin: our own forms keep their Origin (CSRF), other sites learn nothing of where a visitor came from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only a local production-like run over plain http (make serve, make load) turns these off.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Where the quick-exit control sends a visitor after clearing their session.
QUICK_EXIT_URL = os.environ.get("KAZIPOT_QUICK_EXIT_URL", "https://www.google.com/search?q=vreme")

# Contacts not verified for this many days show a warning (fresh / due / stale).
VERIFICATION_DUE_DAYS = 90
VERIFICATION_STALE_DAYS = 180

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "WARNING"},
    # The development server logs full request lines (with query strings): keep them out.
    "loggers": {"django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
