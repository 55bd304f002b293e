"""Paper the person takes away: the sheet and the person page carry no note written to the worker,
only notes' separate person texts in the sheet's language; when the person's languages are not
known, the worker is asked for the one they read, once, and it becomes the default."""

import pytest

from referral.models import PathwayNote
from referral.questionnaire.sheet import LANGUAGES

pytestmark = pytest.mark.django_db

# Facts that meet most notes (undocumented-fear, minor, crisis-30-days, safe-needs-cooperation);
# the test checks every note's worker text all the same.
EVERY_NOTE = [
    ("immediate_danger", "no"),
    ("needs", ["accommodation"]),
    ("age_group", "minor"),
    ("migration_status", "third_country_undocumented"),
    ("exploitation", ["sexual"]),
    ("police_identified", "yes"),
]


def answer_all(client, answers):
    client.post("/triage/")
    for key, value in answers:
        client.post(f"/triage/q/{key}/", {"answer": value})


def worker_texts():
    return [text for note in PathwayNote.objects.all() for text in (note.text_sl, note.text_en)]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_no_worker_note_reaches_the_sheet_or_the_person_page_in_any_language(client, code):
    answer_all(client, EVERY_NOTE)
    assert {n["id"] for n in client.get("/triage/results/").context["notes"]} >= {"minor", "undocumented-fear"}
    sheet = client.get("/triage/sheet/", {"lang": code})
    person = client.get("/triage/person/", {"lang": code}).content.decode()
    paper = sheet.content.decode()
    for text in worker_texts():
        assert text not in paper and text not in sheet.context["text"] and text not in person
    crisis = PathwayNote.objects.get(code="crisis-30-days").person_text[code]
    assert crisis in paper and crisis in sheet.context["text"] and crisis in person


def test_notes_for_the_person_exist_in_every_sheet_language_and_never_label_them():
    for note in PathwayNote.objects.exclude(person_text={}):
        assert set(note.person_text) == set(LANGUAGES), note.code
        assert "victim" not in note.person_text["en"].lower() and "žrtev" not in note.person_text["sl"].lower()


def test_the_worker_notes_no_longer_call_the_person_a_victim():
    note = PathwayNote.objects.get(code="police-identify")
    assert "(presumed) victim" not in note.text_en and "(domnevno) žrtev" not in note.text_sl


@pytest.mark.parametrize("path", ["/triage/sheet/", "/triage/person/"])
def test_with_the_languages_unknown_the_worker_is_asked_which_one_the_person_reads(client, path):
    answer_all(client, EVERY_NOTE)
    question = client.get(path)
    assert question.status_code == 200
    assert "Which language does the person read?" in question.content.decode()
    assert "sheet" not in question.context  # nothing is shown before the answer
    chosen = client.get(path, {"lang": "uk"})
    assert chosen.context["sheet"].language.code == "uk"
    other = "/triage/person/" if path == "/triage/sheet/" else "/triage/sheet/"
    remembered = client.get(other)  # the default from now on: not asked again
    assert remembered.context["sheet"].language.code == "uk"


def test_with_the_languages_known_nothing_is_asked(client):
    answer_all(client, [*EVERY_NOTE, ("languages", ["ar"])])
    assert client.get("/triage/person/").context["sheet"].language.code == "ar"


def test_start_again_forgets_the_chosen_paper_language(client):
    answer_all(client, EVERY_NOTE)
    client.get("/triage/sheet/", {"lang": "fa"})
    client.post("/triage/restart/")
    answer_all(client, EVERY_NOTE)
    assert "Which language does the person read?" in client.get("/triage/sheet/").content.decode()
