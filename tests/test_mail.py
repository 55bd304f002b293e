"""Mail settings come from the environment; a send that fails is logged and shown to staff."""

import smtplib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

from config.env import SMTP, email_from_url
from directory.models import MailFailure
from tests.directory.users import make_user
from tests.test_production import PRODUCTION, manage


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "mail.example.org is not answering")


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "smtp://kazipot%40ngo.si:s3cret@mail.ngo.si:587",
            {
                "EMAIL_HOST": "mail.ngo.si",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "kazipot@ngo.si",
                "EMAIL_HOST_PASSWORD": "s3cret",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtps://u:p@mail.ngo.si", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
        ("smtp://mail.ngo.si:25?tls=0", {"EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
    ],
)
def test_email_url_gives_the_smtp_settings(url, expected):
    settings = email_from_url(url)
    assert settings["KAZIPOT_MAIL_BACKEND"] == SMTP
    assert {key: settings[key] for key in expected} == expected


@pytest.mark.parametrize("url", ["http://mail.ngo.si", "smtp://", "smtp://mail.ngo.si:port"])
def test_a_bad_email_url_is_refused_naming_it(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_from_url(url)


def test_a_bad_email_variable_stops_start_up_with_one_line():
    result = manage("check", EMAIL_HOST="mail.ngo.si", EMAIL_PORT="smtp")
    assert result.returncode != 0 and "EMAIL_PORT must be a number" in result.stderr


def test_the_deploy_check_warns_when_production_has_no_mail_server():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode != 0 and "kazipot.W001" in result.stderr + result.stdout


@pytest.mark.django_db
def test_a_failed_password_reset_mail_is_logged_and_shown_to_staff(client, admin_client, settings, caplog):
    settings.EMAIL_BACKEND = "directory.mail.RecordingBackend"  # the test runner swaps in locmem
    settings.KAZIPOT_MAIL_BACKEND = "tests.test_mail.BrokenBackend"
    make_user("ngo-kljuc", org="kljuc")
    response = client.post("/accounts/password_reset/", {"email": "ngo-kljuc@example.org"})
    assert response.status_code == 302  # the page never says whether an address is known
    failure = MailFailure.objects.get()
    assert failure.recipients == "ngo-kljuc@example.org" and "not answering" in failure.error
    assert "mail not sent" in caplog.text
    page = admin_client.get("/admin/directory/mailfailure/").content.decode()
    assert "not answering" in page
