"""The referral sheet and the person page in the person's own language, the worker's interface
unchanged: language and direction, the language's own dates and times, names that fall back to
English with the Slovenian name beside, numbers that stay readable right to left, honest notes
about unreviewed translations, and no answer shown to the person."""

import re
from html import unescape

import pytest
import time_machine

pytestmark = pytest.mark.django_db

SATURDAY_NIGHT = "2026-11-28 22:00 +01:00"  # Ključ's helpline is closed until Monday 09:00
RTL = {"ar", "fa"}
WHERE = {
    "sl": "Kje dobiti pomoč",
    "en": "Where to get help",
    "uk": "Де отримати допомогу",
    "ru": "Где получить помощь",
    "ro": "Unde găsiți ajutor",
    "es": "Dónde encontrar ayuda",
    "zh-hans": "在哪里获得帮助",
    "hu": "Hol kaphat segítséget",
    "sr-latn": "Gdje potražiti pomoć",
    "sq": "Ku të gjeni ndihmë",
    "ar": "أين تجد المساعدة",
    "fa": "کجا می‌توانید کمک بگیرید",
}
HELP = {
    "sl": "Pomoč, ki jo lahko dobite",
    "en": "Help you can get",
    "uk": "Допомога, яку ви можете отримати",
    "ru": "Помощь, которую вы можете получить",
    "ro": "Ajutorul pe care îl puteți primi",
    "es": "Ayuda que puede recibir",
    "zh-hans": "您可以获得的帮助",
    "hu": "Segítség, amelyet igénybe vehet",
    "sr-latn": "Pomoć koju možete dobiti",
    "sq": "Ndihma që mund të merrni",
    "ar": "المساعدة التي يمكنك الحصول عليها",
    "fa": "کمک‌هایی که می‌توانید بگیرید",
}
# When Ključ's helpline opens, and when the sheet was made, as each language writes them.
OPENS = {
    "sl": ("ponedeljek 09:00", "28. november 2026 22:00"),
    "en": ("Monday 9 a.m.", "Nov. 28, 2026 10 p.m."),
    "uk": ("понеділок 09:00", "28 листопада 2026 р. 22:00"),
    "ru": ("понедельник 9:00", "28 ноября 2026 г. 22:00"),
    "ro": ("luni 09:00", "28 Noiembrie 2026 22:00"),
    "es": ("lunes 09:00", "28 de noviembre de 2026 22:00"),
    "zh-hans": ("星期一 09:00", "2026年11月28日 22:00"),
    "hu": ("hétfő 09:00", "2026. november 28. 22:00"),
    "sr-latn": ("ponedeljak 09:00", "28. novembar 2026. 22:00"),
    "sq": ("e hënë 09:00", "28 Nëntor 2026 22:00"),
    "ar": ("الاثنين 09:00", "28 نوفمبر، 2026 22:00"),
    "fa": ("دوشنبه 9:00", "28 نوامبر 2026 22:00"),
}


def answer(client, key, value):
    client.post(f"/triage/q/{key}/", {"answer": value})


def triage(client, languages=()):
    """A woman from outside the EU, identified by the police, who needs a safe place to stay."""
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    answer(client, "migration_status", "third_country_undocumented")
    answer(client, "police_identified", "yes")
    answer(client, "police_cooperation", "yes")
    answer(client, "needs", ["accommodation", "legal"])
    if languages:
        answer(client, "languages", list(languages))


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def sheet_part(html):
    return html[html.index('<div class="referral-sheet"') : html.index('<div class="no-print mt-4">')]


def copy_text(html):
    return unescape(re.search(r'<textarea id="sheet-text"[^>]*>(.*?)</textarea>', html, re.S).group(1))


@pytest.mark.parametrize("code", list(WHERE))
def test_the_sheet_is_in_the_chosen_language_and_direction_while_the_interface_stays(client, code):
    triage(client)
    html = page(client, f"/triage/sheet/?lang={code}")
    direction = "rtl" if code in RTL else "ltr"
    assert '<html lang="en" dir="ltr">' in html and "Language for the person" in html
    assert f'<div class="referral-sheet" lang="{code}" dir="{direction}">' in html
    assert f'<h2 class="h1">{WHERE[code]}</h2>' in html
    assert f'readonly lang="{code}" dir="{direction}"' in html
    assert copy_text(html).lstrip("\u200f").startswith(WHERE[code])


@pytest.mark.parametrize("code", list(HELP))
def test_the_person_page_is_wholly_in_their_language(client, code):
    triage(client)
    html = page(client, f"/triage/person/?lang={code}", HTTP_ACCEPT_LANGUAGE="sl")
    direction = "rtl" if code in RTL else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert f"<h1>{HELP[code]}</h1>" in html
    assert ("bootstrap.rtl.min.css" in html) == (code in RTL)
    assert 'id="quick-exit-form"' in html and 'href="tel:+386801722"' in html
    # Nothing of the interface leaks in untranslated: not the Slovenian, not the English.
    if code != "sl":
        assert "Hitri izhod" not in html and "Preskoči na glavno vsebino" not in html
    if code != "en":
        assert "Quick exit" not in html and "Where to get help" not in html
    # The worker's line at the foot is in the worker's language.
    assert '<aside class="person-worker' in html and "Nazaj na predloge" in html


@pytest.mark.parametrize("code", list(OPENS))
def test_times_and_dates_are_written_the_languages_way(client, code):
    opens, prepared = OPENS[code]
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        triage(client)
        html = page(client, f"/triage/sheet/?lang={code}")
    text = copy_text(html)
    assert opens in sheet_part(html) and opens in text
    assert prepared in sheet_part(html) and prepared in text


def test_farsi_copy_text_keeps_phone_numbers_left_to_right(client):
    triage(client)
    text = copy_text(page(client, "/triage/sheet/?lang=fa"))
    lines = [line for line in text.splitlines() if line]
    assert all(line.startswith("\u200f") for line in lines)  # every line a right-to-left paragraph
    for number in ("080 17 22", "031 470 151"):
        assert f"\u2066{number}\u2069" in text  # isolated left to right, digits unchanged
    assert not re.search(r"[\u06f0-\u06f9\u0660-\u0669]", text)  # no digit rewritten as Persian


def test_left_to_right_copy_text_has_no_invisible_marks(client):
    triage(client)
    text = copy_text(page(client, "/triage/sheet/?lang=uk"))
    assert not re.search("[\u200f\u2066\u2068\u2069]", text)
    assert "Телефон: 080 17 22" in text


def test_names_fall_back_to_english_with_the_slovenian_name_beside(client):
    triage(client)
    html = sheet_part(page(client, "/triage/sheet/?lang=uk", HTTP_ACCEPT_LANGUAGE="sl"))
    assert '<bdi dir="ltr" lang="en">Ključ helpline</bdi>' in html
    assert 'Словенською: <bdi dir="ltr" lang="sl">Telefon Društva Ključ</bdi>' in html
    assert "Телефон довіри" in html  # what it does, in Ukrainian


def test_a_slovenian_sheet_does_not_repeat_the_slovenian_name(client):
    triage(client)
    html = sheet_part(page(client, "/triage/sheet/?lang=sl", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Telefon Društva Ključ" in html and "V slovenščini:" not in html


def test_notes_on_a_foreign_sheet_are_their_person_texts_in_that_language(client):
    triage(client)
    html = sheet_part(page(client, "/triage/sheet/?lang=ro", HTTP_ACCEPT_LANGUAGE="sl"))
    assert "Bine de știut" in html and "Cazarea de criză este un loc sigur" in html
    # the worker's own note, in either content language, stays off paper
    assert "Krizna namestitev traja" not in html and "Crisis accommodation lasts up to 30 days" not in html


def test_free_of_charge_only_where_the_data_says_so(client):
    triage(client)
    html = sheet_part(page(client, "/triage/sheet/?lang=es"))
    kljuc = html[html.index('id="sheet-kljuc-hotline"') :].split("</section>")[0]
    crisis = html[html.index('id="sheet-crisis-accommodation"') :].split("</section>")[0]
    assert "Gratis" in kljuc and "llamada gratuita" in kljuc
    assert "Gratis" not in crisis


def test_an_unreviewed_language_tells_the_worker_in_the_interface_language(client):
    triage(client)
    arabic = page(client, "/triage/sheet/?lang=ar", HTTP_ACCEPT_LANGUAGE="sl")
    assert "še ni pregledal materni govorec" in arabic
    person = page(client, "/triage/person/?lang=ar", HTTP_ACCEPT_LANGUAGE="sl")
    assert "še ni pregledal materni govorec" in person.split('<aside class="person-worker')[1]
    for reviewed in ("sl", "en"):
        assert "rojeni govorec" not in page(client, f"/triage/sheet/?lang={reviewed}", HTTP_ACCEPT_LANGUAGE="sl")


def test_the_persons_languages_are_offered_first_and_the_person_page_opens_in_the_first(client):
    triage(client, languages=["fa", "hr", "de"])
    html = page(client, "/triage/results/")
    theirs = html[html.index('<optgroup label="The person’s languages">') :].split("</optgroup>")[0]
    assert re.findall(r'<option value="([^"]+)"', theirs) == ["fa", "sr-latn"]  # Croatian reads Serbian Latin
    assert '<details class="mb-4 in-their-language" open>' in html
    assert '<html lang="fa" dir="rtl">' in page(client, "/triage/person/")
    assert '<div class="referral-sheet" lang="en"' in page(
        client, "/triage/sheet/"
    )  # the sheet starts as the worker reads


def test_an_unknown_language_is_a_clear_error_and_the_sheet_stays_readable(client):
    triage(client)
    html = page(client, "/triage/sheet/?lang=xx")
    assert "Choose one of the languages in the list." in html
    assert 'aria-invalid="true"' in html and "<title>Error: Referral sheet" in html
    assert '<div class="referral-sheet" lang="en" dir="ltr">' in html


def test_the_person_page_shows_no_answer_and_no_label(client):
    triage(client)
    html = page(client, "/triage/person/?lang=en")
    for answer_text in ("without valid papers", "identified", "cooperat", "Residence", "victims of trafficking"):
        assert answer_text not in html
    assert "Accommodation: a safe place to stay" in html and "Free of charge" in html


def test_without_answers_there_is_no_sheet_to_show(client):
    assert client.get("/triage/person/?lang=uk")["Location"] == "/triage/"
    assert client.get("/triage/sheet/?lang=uk")["Location"] == "/triage/"


def test_the_person_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    triage(client)
    page(client, "/triage/person/?lang=uk")  # rules cached
    # whether the cookie was ended, the catalogue version, the programmes with their organisations,
    # contacts, hours, languages, and the person texts of the notes that apply
    with django_assert_num_queries(7):
        page(client, "/triage/person/?lang=uk")
