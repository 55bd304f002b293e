"""Contacts: phones parse to E.164 (or a short code) and keep how people write them."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import Contact, Programme


@pytest.mark.parametrize(
    "written, stored",
    [
        ("080 17 22", "+386801722"),
        ("01 478 47 45", "+38614784745"),
        ("+386 31 470 151", "+38631470151"),
        ("112", "112"),
        ("116 111", "116111"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_are_stored_in_e164_and_shown_as_written(written, stored):
    contact = Contact(kind="phone", value=written)
    contact.clean()
    assert contact.value == stored
    assert contact.shown == written


@pytest.mark.parametrize("bad", ["12", "not a number", "080 17", ""])
def test_an_unparseable_phone_is_refused_on_the_value_field(bad):
    with pytest.raises(ValidationError) as error:
        Contact(kind="phone", value=bad).clean()
    assert "value" in error.value.message_dict


def test_only_phones_can_be_toll_free():
    with pytest.raises(ValidationError) as error:
        Contact(kind="email", value="a@b.si", toll_free=True).clean()
    assert "toll_free" in error.value.message_dict


@pytest.mark.parametrize("kind, bad", [("email", "not-an-email"), ("web", "javascript:alert(1)")])
def test_emails_and_web_addresses_must_be_valid(kind, bad):
    with pytest.raises(ValidationError):
        Contact(kind=kind, value=bad).clean()


@pytest.mark.django_db
def test_the_database_refuses_a_toll_free_email():
    from django.db import IntegrityError

    programme = Programme.objects.get(slug="pats")
    with pytest.raises(IntegrityError):
        Contact.objects.create(organisation=programme.organisation, kind="email", value="x@y.si", toll_free=True)
