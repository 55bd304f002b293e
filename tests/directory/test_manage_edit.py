"""Editing a programme: validation next to fields, no lost updates, escaping everywhere."""

import re

import pytest

from directory.approvals import approve
from directory.models import Contact, OpeningHours, PendingChange, Programme
from tests.directory.formdata import edit_page_data as form_data
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
URL = "/manage/programmes/kljuc-hotline/edit/"


@pytest.fixture
def editor(client):
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user)
    return user


def test_an_editor_changes_text_contacts_and_hours(client, editor):
    data = form_data(client.get(URL))
    data["offers_en"] = "Phone counselling and more"
    data["contacts-0-label_en"] = "Free helpline"
    data["hours-0-closes"] = "14:00"
    response = client.post(URL, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    programme = Programme.objects.get(slug="kljuc-hotline")
    assert programme.offers_en == "Phone counselling and more" and programme.version == 2
    assert Contact.objects.get(programmes=programme, kind="phone").label_en == "Free helpline"
    assert OpeningHours.objects.get(contact__programmes=programme).closes.hour == 14
    assert programme.history.first().history_user == editor


def test_a_second_edit_from_the_same_starting_version_is_refused_and_nothing_is_lost(client, editor):
    start = form_data(client.get(URL))
    first, second = dict(start), dict(start)
    first["offers_en"] = "First editor's words"
    second["eligibility_en"] = "Second editor's words"
    assert client.post(URL, first).status_code == 302
    response = client.post(URL, second)
    assert response.status_code == 409
    programme = Programme.objects.get(slug="kljuc-hotline")
    assert programme.offers_en == "First editor's words"  # the first edit survives
    assert programme.eligibility_en != "Second editor's words"  # the second did not overwrite
    page = response.content.decode()
    assert "Someone else saved this programme" in page and "First editor&#x27;s words" in page
    assert "Second editor&#x27;s words" in page  # their own text is still in the form
    # Saving again after seeing the differences is a deliberate choice and goes through.
    retry = form_data(response)
    assert client.post(URL, retry).status_code == 302
    assert Programme.objects.get(slug="kljuc-hotline").eligibility_en == "Second editor's words"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"contacts-0-value": "12345"}, "value", "is not a valid phone number"),
        ({"contacts-1-value": "not-an-email"}, "value", "valid e-mail"),
        ({"hours-0-opens": "14:00", "hours-0-closes": "09:00"}, "closes", "Closing time must be after"),
        (
            {"area_national": "", "area_municipalities": []},
            "area_municipalities",
            "Choose the municipalities",
        ),
        ({"name_sl": ""}, "name_sl", "required"),
    ],
)
def test_each_validation_rule_shows_its_message_next_to_the_field(client, editor, change, field, message):
    data = form_data(client.get(URL))
    for key, value in change.items():
        if value == "" and key == "area_national":
            data.pop(key, None)
        else:
            data[key] = value
    response = client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert re.search(rf'id="error_1_id_[\w-]*{field}"', page)
    assert Programme.objects.get(slug="kljuc-hotline").version == 1


def test_a_web_contact_must_be_a_full_address(client, editor):
    data = form_data(client.get(URL))
    data.update({"contacts-2-kind": "web", "contacts-2-value": "javascript:alert(1)", "contacts-TOTAL_FORMS": "3"})
    response = client.post(URL, data)
    assert response.status_code == 400 and "full web address" in response.content.decode()


def test_overlapping_hours_for_one_contact_are_refused(client, editor):
    data = form_data(client.get(URL))
    phone = Contact.objects.get(programmes__slug="kljuc-hotline", kind="phone")
    data.update(
        {"hours-1-contact": str(phone.pk), "hours-1-days": "mon", "hours-1-opens": "12:00", "hours-1-closes": "15:00"}
    )
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "overlap" in response.content.decode()


def test_a_new_phone_is_stored_in_e164(client, editor):
    data = form_data(client.get(URL))
    data.update(
        {
            "contacts-2-kind": "phone",
            "contacts-2-value": "01 234 56 78",
            "contacts-2-position": "3",
            "contacts-2-closed_on_holidays": "on",
        }
    )
    assert client.post(URL, data).status_code == 302
    assert not Contact.objects.filter(value="+38612345678").exists()  # a new contact waits for approval
    approve(change=PendingChange.objects.get(), by=make_user("second", org="kljuc"))
    new = Contact.objects.get(programmes__slug="kljuc-hotline", value="+38612345678")
    assert new.display == "01 234 56 78"


def test_html_in_any_field_is_shown_escaped_on_every_page(client, editor):
    payload = '<script>alert("x")</script>'
    data = form_data(client.get(URL))
    for field in ("name_sl", "name_en", "description_en", "eligibility_en", "offers_en", "fees_en"):
        data[field] = payload
    data["contacts-0-label_en"] = payload
    assert client.post(URL, data).status_code == 302
    pages = [
        "/directory/kljuc-hotline/",
        "/directory/",
        "/organisations/kljuc/",
        "/manage/",
        URL,
        "/manage/programmes/kljuc-hotline/history/",
        "/",
    ]
    for url in pages:
        for lang in ("sl", "en"):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
            assert payload not in page, url
