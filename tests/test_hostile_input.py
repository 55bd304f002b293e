"""No input crashes: the APIs answer 400 (or 405) with a JSON error list, the CLI exits 2 with one
line. Each case an attacker tried has its test, and hypothesis throws random JSON at both."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.data import REPO

pytestmark = pytest.mark.django_db
TRIAGE = "/api/triage/"
DEEP = "[" * 1000 + "]" * 1000
HUGE_INT = '{"age_group": ' + "9" * 4301 + "}"


def post_raw(client, body, content_type="application/json"):
    return client.generic("POST", TRIAGE, body, content_type=content_type)


def assert_json_400(response, naming=""):
    assert response.status_code == 400, response.content[:300]
    errors = response.json()["errors"]
    assert errors and all("message" in e for e in errors)
    assert naming in json.dumps(errors)


@pytest.mark.parametrize(
    "body, naming",
    [
        (DEEP, "nested"),
        ('{"a": ' + "[" * 40 + "]" * 40 + "}", "nested"),
        (HUGE_INT, "digits"),
        ('{"age_group": NaN}', "NaN"),
        ('{"age_group": 1e999}', "too large"),
        (b"\xff\xfe{}", "UTF-8"),
        ("", "JSON object"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_the_triage_api_refuses_hostile_bodies_with_a_json_400(client, body, naming):
    assert_json_400(post_raw(client, body), naming)


def test_a_triage_body_over_the_limit_gets_the_json_error_not_an_html_page(client):
    for size in (70 * 1024, 3 * 1024 * 1024):
        response = post_raw(client, '{"needs": ["' + "x" * size + '"]}')
        assert_json_400(response, "larger than")


def test_the_triage_api_answers_405_in_json_to_other_methods(client):
    for method in ("GET", "PUT", "DELETE"):
        response = client.generic(method, TRIAGE)
        assert response.status_code == 405 and response.json()["errors"]


@pytest.mark.parametrize("value", ["ljubljana\n", "atlantis", "Ljubljana", " ljubljana"])
def test_municipality_must_be_a_known_slug_exactly(client, value):
    assert_json_400(client.post(TRIAGE, {"municipality": value}, content_type="application/json"), "municipality")


def test_a_known_municipality_or_abroad_is_accepted(client):
    for value in ("ljubljana", "abroad", "kranj"):
        assert client.post(TRIAGE, {"municipality": value}, content_type="application/json").status_code == 200


LISTS = ["/api/hsds/services", "/api/hsds/organizations", "/api/hsds/taxonomies", "/api/hsds/service_at_locations"]
CHANGED_AFTER = ["/api/hsds/services", "/api/hsds/service_at_locations"]  # the operations that take it


@pytest.mark.parametrize(
    "params, naming, urls",
    [
        ({"page": "400000000000000000"}, "page", LISTS),
        ({"modified_after": "0001-01-01"}, "modified_after", CHANGED_AFTER),
        ({"modified_after": "9999-12-31T23:59:59"}, "modified_after", CHANGED_AFTER),
        ({"search": "x" * 1000}, "search", LISTS),
    ],
)
def test_the_hsds_api_refuses_out_of_range_parameters_with_a_json_400(client, params, naming, urls):
    for url in urls:
        response = client.get(url, params)
        assert response.status_code == 400 and naming in json.dumps(response.json()["errors"])


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_writing_to_the_hsds_api_anonymously_gets_a_json_405_not_the_csrf_page(method):
    browser = Client(enforce_csrf_checks=True)
    for url in ("/api/hsds/services/", "/api/hsds/organizations/"):
        response = browser.generic(method, url, "{}", content_type="application/json")
        assert response.status_code == 405 and response.json()["errors"], (method, url)


@pytest.mark.parametrize(
    "stdin, naming",
    [(DEEP.encode(), "nested"), (HUGE_INT.encode(), "digits"), (b'{"stage": "\xff"}', "UTF-8")],
    ids=["deep-nesting", "huge-integer", "not-utf8"],
)
def test_the_cli_refuses_hostile_stdin_with_exit_2_and_one_line(stdin, naming):
    run = subprocess.run(
        [sys.executable, "manage.py", "triage", "--answers", "-"], cwd=REPO, input=stdin, capture_output=True
    )
    stderr = run.stderr.decode()
    assert run.returncode == 2, stderr
    assert stderr.strip().count("\n") == 0 and naming in stderr and "Traceback" not in stderr


# Random JSON of every shape: scalars, lists and objects, nested, with vocabulary keys mixed in.
KEYS = st.sampled_from(["age_group", "needs", "municipality", "languages", "immediate_danger", "x", ""])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4))
FACTS = st.dictionaries(KEYS | st.text(max_size=10), VALUES, max_size=6) | VALUES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=FACTS)
def test_fuzz_the_triage_api_answers_only_200_or_400(client, facts):
    response = client.post(TRIAGE, json.dumps(facts), content_type="application/json")
    assert response.status_code in (200, 400)
    body = response.json()
    assert ("results" in body) if response.status_code == 200 else body["errors"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=FACTS)
def test_fuzz_the_triage_cli_exits_0_or_2(tmp_path, facts):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(facts))
    try:
        call_command("triage", "--answers", str(answers), stdout=StringIO())
    except CommandError as error:
        assert error.returncode == 2
