"""Slovenian and English: complete catalogues, language from the browser or the switcher."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import to_locale

from referral.questionnaire.sheet import CODES as SHEET_LANGUAGES

BASE = Path(__file__).resolve().parent.parent
SHEET_LOCALES = [to_locale(code) for code in SHEET_LANGUAGES if code not in ("sl", "en")]


def po_entries(path):
    """(msgid, [msgstr, ...]) for every entry of a .po file but the header, with its flags."""
    entries, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            current = current or {"flags": line, "msgid": "", "msgstr": {}, "msgctxt": None}
        elif line.startswith("msgctxt "):
            current = current or {"flags": "", "msgid": "", "msgstr": {}, "msgctxt": None}
            current["msgctxt"] = eval(line[8:])  # noqa: S307
        elif line.startswith("msgid "):
            current = current or {"flags": "", "msgid": "", "msgstr": {}, "msgctxt": None}
            field = "msgid"
            current["msgid"] = eval(line[6:])  # noqa: S307 - a .po string literal
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith("msgstr"):
            index = re.match(r"msgstr(?:\[(\d+)\])? ", line)
            field = int(index.group(1) or 0)
            current["msgstr"][field] = eval(line[line.index(" ") + 1 :])  # noqa: S307
        elif line.startswith('"') and current is not None:
            if field == "msgid":
                current["msgid"] += eval(line)  # noqa: S307
            elif isinstance(field, int):
                current["msgstr"][field] += eval(line)  # noqa: S307
        elif not line.strip() and current is not None:
            if current["msgid"]:
                entries.append(current)
            current, field = None, None
    return entries


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """The committed catalogues updated from the current code, in a copy: the repository is not touched."""
    root = tmp_path_factory.mktemp("i18n")
    for folder in ("config", "directory", "referral", "templates", "locale"):
        shutil.copytree(BASE / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    here = os.getcwd()
    os.chdir(root)
    try:
        with override_settings(LOCALE_PATHS=[str(root / "locale")]):
            call_command("makemessages", locale=["sl", *SHEET_LOCALES], verbosity=0)
    finally:
        os.chdir(here)
    return root / "locale"


def test_every_interface_string_has_a_slovenian_translation(fresh_catalogue):
    entries = po_entries(fresh_catalogue / "sl" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 400
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], "run `make messages` and translate locale/sl: " + "; ".join(untranslated[:5])
    assert fuzzy == []


@pytest.mark.parametrize("locale", SHEET_LOCALES)
def test_every_sheet_phrase_is_translated_in_every_sheet_language(fresh_catalogue, locale):
    """The sheet's own words (context "sheet") in each language; the rest of the interface is
    not translated there, and the sheet never shows it."""
    entries = po_entries(fresh_catalogue / locale / "LC_MESSAGES" / "django.po")
    sheet = [e for e in entries if e["msgctxt"] == "sheet"]
    assert len(sheet) > 60
    untranslated = [e["msgid"] for e in sheet if not all(e["msgstr"].values()) or "fuzzy" in e["flags"]]
    assert untranslated == [], f"run `make messages` and translate locale/{locale}: " + "; ".join(untranslated[:5])
    placeholders = [
        e["msgid"]
        for e in sheet
        if sorted(re.findall(r"%\(\w+\)s", e["msgid"])) != sorted(re.findall(r"%\(\w+\)s", e["msgstr"][0]))
    ]
    assert placeholders == []


def test_sheet_phrases_never_call_the_person_a_victim():
    words = re.compile(r"victim|žrtv|жертв|víctima|áldozat|受害|ضحي|قربانی|viktim", re.I)
    for locale in ["sl", *SHEET_LOCALES]:
        entries = po_entries(BASE / "locale" / locale / "LC_MESSAGES" / "django.po")
        labelled = [
            e["msgstr"][0] for e in entries if e["msgctxt"] == "sheet" and words.search(e["msgstr"][0] + e["msgid"])
        ]
        assert labelled == [], locale


def test_slovenian_plurals_have_all_four_forms():
    entries = po_entries(BASE / "locale" / "sl" / "LC_MESSAGES" / "django.po")
    plurals = [e for e in entries if len(e["msgstr"]) > 1]
    assert plurals and all(len(e["msgstr"]) == 4 for e in plurals)


@pytest.mark.django_db
def test_a_slovenian_browser_gets_slovenian_pages(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert '<html lang="sl" dir="ltr">' in page
    assert "Poiščite pomoč za osebo" in page and "Hitri izhod" in page


@pytest.mark.django_db
def test_an_english_browser_gets_english_pages(client):
    page = client.get("/triage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in page and "Find help for a person" in page


@pytest.mark.django_db
def test_the_switcher_sets_the_language_and_urls_stay_the_same(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/directory/"}, HTTP_ACCEPT_LANGUAGE="sl")
    assert response["Location"] == "/directory/"
    page = client.get("/directory/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert '<html lang="en" dir="ltr">' in page and "Directory of support programmes" in page


@pytest.mark.django_db
def test_content_falls_back_to_the_other_language(client):
    from directory.models import Programme

    Programme.objects.filter(slug="pats").update(name_sl="", description_en="")
    sl = client.get("/directory/pats/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    en = client.get("/directory/pats/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "PATS – identifying, assisting" in sl  # no Slovenian name: the English one
    assert "Strokovni delavci obiskujejo azilne domove" in en  # no English description: the Slovenian one
