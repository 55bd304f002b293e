"""Every word right in Slovenian (and the clock right in every sheet language): no English left on
the main pages, plural and case forms through ngettext, Slovenian dates and weekdays, names
rather than codes, and opening hours on each sheet language's own clock."""

import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import formats, timezone, translation

from directory.templatetags.directory_tags import ago, week_span
from referral.questionnaire.presenting import answer_label
from referral.questionnaire.sheet import LANGUAGES
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
# English words that are never Slovenian: one on a Slovenian page is an untranslated string.
ENGLISH = {"the", "and", "of", "with", "for", "you", "your", "this", "that", "ago", "week", "open", "closed",
           "save", "contact", "source", "updated", "verified", "search", "back", "next", "please", "from", "not"}  # fmt: skip


class VisibleText(HTMLParser):
    """The text a Slovenian reader sees: no scripts or styles, nothing marked as another language."""

    SKIP = {"script", "style"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.words = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        hidden = tag in self.SKIP or (lang is not None and not lang.startswith("sl"))
        self.stack.append(hidden or (self.stack[-1] if self.stack else False))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words += re.findall(r"[A-Za-z]+", re.sub(r"\S+://\S+", " ", data))  # an address is not a word


def english_words(html):
    parser = VisibleText()
    parser.feed(html)
    return sorted({word for word in parser.words if word.lower() in ENGLISH})


def slovenian(client, url, **kwargs):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="sl", **kwargs)
    assert response.status_code == 200, url
    return response.content.decode()


PUBLIC = ["/", "/directory/", "/directory/?q=nastanitev", "/directory/kljuc-hotline/", "/directory/safe-accommodation/",
          "/triage/", "/training/", "/training/boy-begging-at-market/", "/training/boy-begging-at-market/interview/",
          "/referrals/"]  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC)
def test_no_english_is_left_on_a_slovenian_public_page(client, url):
    assert english_words(slovenian(client, url)) == []


def test_no_english_is_left_in_a_slovenian_triage_and_its_results(client):
    client.post("/triage/")
    for key, value in [
        ("immediate_danger", "no"),
        ("migration_status", "temporary_protection"),
        ("municipality", "koper"),
    ]:
        client.post(f"/triage/q/{key}/", {"answer": value})
    for url in ["/triage/q/needs/", "/triage/check/", "/triage/results/", "/triage/sheet/?lang=sl"]:
        assert english_words(slovenian(client, url)) == [], url


def test_no_english_is_left_on_a_members_slovenian_pages(client):
    member = make_user("ngo-kljuc", org="kljuc")
    client.force_login(member)
    for url in ["/manage/", "/manage/programmes/kljuc-hotline/edit/", "/manage/programmes/safe-accommodation/places/"]:
        page = slovenian(client, url)
        assert english_words(page) == [], url
    assert "Contact" not in slovenian(client, "/manage/programmes/kljuc-hotline/edit/")


def test_the_check_page_names_the_municipality_not_its_code(client):
    client.post("/triage/")
    client.post("/triage/q/municipality/", {"answer": "koper"})
    page = slovenian(client, "/triage/check/")
    assert "Koper" in page and ">koper<" not in page
    with translation.override("sl"):
        assert answer_label("municipality", "novo-mesto") == "Novo mesto"
        assert answer_label("languages", ["uk", "ar"]) == "ukrajinščina, arabščina"


@pytest.mark.parametrize(("minutes", "text"), [(0, "pravkar"), (1, "pred 1 minuto"), (2, "pred 2 minutama"), (3, "pred 3 minutami"), (5, "pred 5 minutami"), (60, "pred 1 uro"), (120, "pred 2 urama"), (180, "pred 3 urami"), (25 * 60, "pred 25 urami"), (3 * 24 * 60, "pred 3 dnevi")])  # fmt: skip
def test_how_long_ago_takes_the_slovenian_case_and_plural(minutes, text):
    with translation.override("sl"):
        assert ago(timezone.now() - timedelta(minutes=minutes)) == text


def test_a_count_takes_the_slovenian_plural(client):
    from django.utils.translation import ngettext

    with translation.override("sl"):
        forms = [ngettext("Saved: %(n)d free place.", "Saved: %(n)d free places.", n) % {"n": n} for n in (1, 2, 3, 5)]
    assert forms == ["Shranjeno: 1 prosto mesto.", "Shranjeno: 2 prosti mesti.", "Shranjeno: 3 prosta mesta.", "Shranjeno: 5 prostih mest."]  # fmt: skip


def test_slovenian_dates_weeks_and_weekdays():
    with translation.override("sl"):
        assert formats.date_format(date(2026, 12, 1), "DATE_FORMAT") == "1. december 2026"
        assert formats.date_format(date(2026, 12, 7), "l") == "ponedeljek"
        assert week_span("2026-W49") == "30. november – 6. december 2026"
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 7), "l") == "Monday"


def test_a_closed_line_opens_on_a_lowercase_weekday_mid_sentence(client):
    at = datetime(2026, 12, 5, 22, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))  # Saturday night
    with time_machine.travel(at, tick=False):
        page = slovenian(client, "/directory/kljuc-hotline/")
    assert re.search(r"odpre (ponedeljek|torek|sreda|četrtek|petek)", page)
    assert not re.search(r"odpre (Ponedeljek|Torek|Sreda|Četrtek|Petek)", page)


def test_the_sheet_language_picker_does_not_repeat_a_name():
    from referral.questionnaire.forms import SheetLanguageForm

    with translation.override("sl"):
        labels = dict(SheetLanguageForm().fields["lang"].choices)
    assert labels["sl"] == "Slovenščina"
    assert labels["uk"] == "Українська (ukrajinščina)"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_sheet_language_writes_opening_hours_on_its_own_clock(code):
    with translation.override(code):
        morning = formats.time_format(time(9, 0), "TIME_FORMAT")
        afternoon = formats.time_format(time(13, 30), "TIME_FORMAT")
    if code == "en":
        assert (morning, afternoon) == ("9 a.m.", "1:30 p.m.")
    else:  # the 24-hour clock of every notice in Slovenia: no AM/PM, no "9.00.AM"
        assert re.fullmatch(r"0?9:00", morning) and afternoon == "13:30", (code, morning, afternoon)


def test_albanian_hours_on_the_sheet_read_as_in_albania(client):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    sheet = client.get("/triage/sheet/?lang=sq").content.decode()
    assert "AM" not in sheet and "PM" not in sheet
    assert re.search(r"09:00–13:00", sheet)  # Ključ's hours are on it, on the 24-hour clock
