"""Pathway notes: sourced guidance shown when the facts meet its condition, in the request's
language, in the API, the CLI, the results and the sheet; data that staff edit."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from referral.models import PathwayNote
from referral.triage.engine import Condition, Note, note_applies

pytestmark = pytest.mark.django_db


def notes(client, facts, lang="en"):
    response = client.post("/api/triage/", facts, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)
    return [n["id"] for n in response.json()["notes"]]


@pytest.mark.parametrize(
    "facts, expected",
    [
        ({}, []),
        ({"exploitation": ["labour"]}, ["police-identify"]),  # identified unknown
        ({"exploitation": ["labour"], "police_identified": True}, []),
        ({"police_identified": True, "needs": ["accommodation"]}, ["crisis-30-days", "safe-needs-cooperation"]),
        ({"police_identified": True, "needs": ["accommodation"], "police_cooperation": "yes"}, ["crisis-30-days"]),
        (
            {
                "police_identified": False,
                "municipality": "ljubljana",
                "immediate_danger": True,
                "exploitation": ["sexual"],
            },
            ["police-identify", "mol-5-days"],
        ),
        ({"migration_status": "rejected_asylum"}, ["undocumented-fear"]),
        ({"age_group": "minor"}, ["minor"]),
    ],
)
def test_the_first_notes_show_exactly_when_their_conditions_hold(client, facts, expected):
    assert notes(client, facts) == expected


def test_notes_come_in_the_language_of_the_request_with_their_source(client):
    body = client.post(
        "/api/triage/", {"age_group": "minor"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="sl"
    ).json()
    assert body["notes"][0]["text"].startswith("Otrok: vključite center za socialno delo")
    assert body["notes"][0]["source"] == "Expert rules v1"


def test_no_note_calls_the_person_a_victim():
    for note in PathwayNote.objects.all():
        for text in (note.text_en.lower(), note.text_sl.lower()):
            assert "you are a victim" not in text and "the person is a victim" not in text
            assert "oseba je žrtev" not in text


def test_the_cli_carries_the_notes(tmp_path):
    answers = tmp_path / "facts.json"
    answers.write_text(json.dumps({"migration_status": "third_country_undocumented"}))
    out = StringIO()
    call_command("triage", "--answers", str(answers), stdout=out)
    assert [n["id"] for n in json.loads(out.getvalue())["notes"]] == ["undocumented-fear"]


def test_results_and_sheet_show_the_notes_above_the_programmes(client):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    client.post("/triage/q/age_group/", {"answer": "minor"})
    results = client.get("/triage/results/").content.decode()
    assert results.index("Good to know") < results.index('id="suitable-heading"')
    assert "involve the social work centre" in results
    sheet = client.get("/triage/sheet/", {"lang": "en"}).content.decode()
    assert "involve the social work centre" not in sheet  # a note to the worker stays off paper


def test_a_note_edited_by_staff_is_shown_at_once(admin_client, client):
    note = PathwayNote.objects.get(code="minor")
    url = f"/admin/referral/pathwaynote/{note.pk}/change/"
    data = {
        "code": "minor",
        "condition": json.dumps(note.condition),
        "text_sl": note.text_sl,
        "text_en": "Call the social work centre.",
        "source": note.source,
        "position": 5,
    }
    assert admin_client.post(url, data).status_code == 302
    body = client.post("/api/triage/", {"age_group": "minor"}, content_type="application/json").json()
    assert body["notes"][0]["text"] == "Call the social work centre."


def test_a_condition_outside_the_vocabulary_is_refused_next_to_the_field(admin_client):
    data = {
        "code": "odd",
        "condition": '[[{"fact": "shoe_size", "operator": "is", "values": [42]}]]',
        "text_sl": "x",
        "text_en": "x",
        "source": "x",
        "position": 0,
    }
    response = admin_client.post("/admin/referral/pathwaynote/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "names a fact of the vocabulary" in response.content.decode()
    assert not PathwayNote.objects.filter(code="odd").exists()


def test_an_unknown_fact_meets_only_the_unknown_operator():
    note = Note(
        "n", "t", clauses=((Condition("police_identified", "is", (False,)), Condition("police_identified", "unknown")),)
    )
    assert note_applies(note, {}) and note_applies(note, {"police_identified": False})
    assert not note_applies(note, {"police_identified": True})
