"""Sign in and out, throttling, password change and reset, demo accounts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from directory.models import Membership
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    user = make_user("ngo-kljuc", org="kljuc")
    user.set_password("a-long-passphrase-42")
    user.save()
    return user


def test_sign_in_leads_to_the_dashboard(client, member):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'for="id_username"' in page and 'name="username"' in page
    response = client.post("/accounts/login/", {"username": "ngo-kljuc", "password": "a-long-passphrase-42"})
    assert response["Location"] == "/manage/"


def test_a_wrong_password_shows_an_error_and_keeps_the_user_name(client, member):
    response = client.post("/accounts/login/", {"username": "ngo-kljuc", "password": "nope"})
    assert response.status_code == 200
    assert 'value="ngo-kljuc"' in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_five_wrong_passwords_lock_the_account(client, member):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "ngo-kljuc", "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": "ngo-kljuc", "password": "a-long-passphrase-42"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_sign_out_is_a_post(client, member):
    client.force_login(member)
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/manage/")["Location"].startswith("/accounts/login/")


def test_password_change_applies_the_password_validators(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "a-long-passphrase-42", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_password_reset_sends_an_e_mail(client, member):
    response = client.post("/accounts/password_reset/", {"email": "ngo-kljuc@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_demo_accounts_are_created_once_with_the_given_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-tests")
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "admin, ngo-kljuc, ngo-karitas, trainee" in out.getvalue()
    assert "demo-pass-for-tests" not in out.getvalue()
    users = get_user_model().objects
    assert users.get(username="admin").is_staff
    assert users.get(username="ngo-kljuc").check_password("demo-pass-for-tests")
    assert Membership.objects.get(user__username="ngo-karitas").organisation.slug == "karitas"
    assert users.get(username="trainee").groups.filter(name="trainees").exists()
    again = StringIO()
    call_command("demo_accounts", stdout=again)
    assert "already exist" in again.getvalue()


def test_a_random_demo_password_is_printed_once(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    password = out.getvalue().rsplit("password: ", 1)[1].strip()
    assert get_user_model().objects.get(username="trainee").check_password(password)
