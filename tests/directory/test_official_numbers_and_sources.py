"""Numbers set in law are shown as official, never as unverified; a source note reads in the
reader's language only."""

import pytest

from directory.models import Contact

pytestmark = pytest.mark.django_db


def verification_of(page, number):
    """The verification line shown with the contact `number` on a page."""
    after = page[page.index(f'href="tel:{number}"') :]
    start = after.index("contact-verification")
    return after[start : after.index("</span>\n", start)]


@pytest.mark.parametrize(("slug", "number"), [("emergency-112", "112"), ("police-113", "113"), ("tom-telefon", "116111"), ("missing-children-116000", "116000")])  # fmt: skip
def test_a_number_set_in_law_is_official_and_not_unverified(client, slug, number):
    page = client.get(f"/directory/{slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    line = verification_of(page, number)
    assert "Official number" in line and "Not verified" not in line


def test_other_numbers_still_say_when_nobody_confirmed_them(client):
    assert not Contact.objects.get(value="+386801722").last_verified_at
    page = client.get("/directory/kljuc-hotline/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    line = verification_of(page, "+386801722")
    assert "Not verified" in line and "Official number" not in page


def test_the_sheet_calls_the_emergency_numbers_official(client):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "yes"})
    sheet = client.get("/triage/sheet/?lang=en").content.decode()
    assert "official number" in sheet
    part = sheet[sheet.index(">112<") :][:800]
    assert "not confirmed" not in part


@pytest.mark.parametrize(("language", "shown", "hidden"), [("sl", "Objavljeno v medijih (2019); preveriti", "published in the press"), ("en", "published in the press (2019); to verify", "Objavljeno v medijih")])  # fmt: skip
def test_a_source_note_shows_in_the_readers_language_only(client, language, shown, hidden):
    page = client.get("/directory/filantropija-migration-counselling/", HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert shown in text and hidden not in text
