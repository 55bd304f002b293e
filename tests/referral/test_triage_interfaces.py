"""The CLI and the API speak the same v1 JSON; bad input is a clear error, never a crash."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
BASE = Path(__file__).resolve().parents[2]
FACTS = {"migration_status": "asylum_applicant", "needs": ["legal"]}


def test_cli_prints_v1_json(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(FACTS))
    out = StringIO()
    call_command("triage", "--answers", str(answers), stdout=out)
    result = json.loads(out.getvalue())
    assert result["vocabulary"] == "v1"
    pats = next(r for r in result["results"] if r["programme"] == "pats")
    assert pats["status"] == "eligible" and pats["reasons"][0]["met"] is True
    assert set(pats["contacts"][0]) == {
        *("kind", "value", "display", "open_now", "anonymous", "toll_free"),  # v1
        *("next_open", "hours_known", "verified", "verified_at", "source", "source_note"),  # v1.1
    }


@pytest.mark.parametrize(
    "text, named",
    [
        ("not json", "not valid JSON"),
        ('{"colour": "red"}', "colour"),
        ('{"age_group": "old"}', "age_group"),
        ('{"needs": ["yacht"]}', "needs"),
        ('{"municipality": "Ljubljana"}', "municipality"),
        ("[1]", "JSON object"),
    ],
)
def test_cli_refuses_bad_answers_with_exit_2_naming_the_key(tmp_path, text, named):
    answers = tmp_path / "answers.json"
    answers.write_text(text)
    with pytest.raises(CommandError, match=named) as error:
        call_command("triage", "--answers", str(answers))
    assert error.value.returncode == 2


def test_cli_reads_stdin_and_exits_2_in_one_line_without_traceback():
    run = subprocess.run(
        [sys.executable, "manage.py", "triage", "--answers", "-"],
        cwd=BASE,
        input='{"age_group": 5}',
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "age_group" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("triage", "--answers", "/nonexistent/answers.json")


def test_api_answers_the_same_json_as_the_cli(client, tmp_path):
    response = client.post("/api/triage/", FACTS, content_type="application/json")
    assert response.status_code == 200
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(FACTS))
    out = StringIO()
    call_command("triage", "--answers", str(answers), stdout=out)
    assert response.json() == json.loads(out.getvalue())


def test_api_lists_each_bad_key(client):
    response = client.post(
        "/api/triage/", {"colour": "red", "stage": "later", "gender": "female"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert {e["key"] for e in response.json()["errors"]} == {"colour", "stage"}


@pytest.mark.parametrize("body", ["not json", "[]", "null", '"text"'])
def test_api_refuses_a_body_that_is_not_an_object(client, body):
    response = client.post("/api/triage/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_api_accepts_only_post(client, method):
    assert getattr(client, method)("/api/triage/").status_code == 405


def test_api_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    # the catalogue version, then criteria, areas, languages, needs served, hours, contacts, programmes,
    # municipalities, pathway notes
    with django_assert_num_queries(10):
        client.post("/api/triage/", FACTS, content_type="application/json")
    with django_assert_num_queries(1):  # unchanged catalogue: the rules are reused
        client.post("/api/triage/", FACTS, content_type="application/json")


def test_a_changed_rule_is_used_at_once(client):
    from directory.services import ADMIN, Author
    from referral.criteria.services import criterion_update
    from referral.models import Criterion

    first = client.post("/api/triage/", {"migration_status": "rejected_asylum"}, content_type="application/json")
    assert {r["programme"]: r["status"] for r in first.json()["results"]}["pats"] == "excluded"
    criterion = Criterion.objects.get(programme__slug="pats")
    criterion_update(
        criterion=criterion, data={"values": ["asylum_applicant", "rejected_asylum"]}, author=Author(via=ADMIN)
    )
    second = client.post("/api/triage/", {"migration_status": "rejected_asylum"}, content_type="application/json")
    assert {r["programme"]: r["status"] for r in second.json()["results"]}["pats"] == "eligible"


def test_a_deleted_rule_is_noticed_at_once(client):
    from directory.services import ADMIN, Author
    from referral.criteria.services import criterion_delete
    from referral.models import Criterion

    facts = {"migration_status": "citizen"}
    first = client.post("/api/triage/", facts, content_type="application/json").json()
    assert {r["programme"]: r["status"] for r in first["results"]}["pats"] == "excluded"
    for criterion in Criterion.objects.filter(programme__slug="pats"):  # no criteria: fits everyone
        criterion_delete(criterion=criterion, author=Author(via=ADMIN))
    second = client.post("/api/triage/", facts, content_type="application/json").json()
    assert {r["programme"]: r["status"] for r in second["results"]}["pats"] == "eligible"
