"""Providers edit eligibility criteria; values are checked against the vocabulary; no lost updates."""

import pytest

from directory.models import Programme
from referral.models import Criterion
from referral.triage.services import triage
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
URL = "/manage/programmes/pats/criteria/"


@pytest.fixture
def editor(client):
    client.force_login(make_user("ngo-kljuc", org="kljuc"))


def data(client, **changes):
    response = client.get(URL)
    formset = response.context["formset"]
    payload = {"version": str(response.context["version"]["version"].value())}
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        payload[f"criteria-{name}"] = formset.management_form[name].value()
    for form in formset:
        for field in form:
            value = field.value()
            if value not in (None, ""):
                payload[field.html_name] = value if not isinstance(value, list) else str(value).replace("'", '"')
    payload.update(changes)
    return payload


def test_a_provider_widens_eligibility_and_triage_follows(client, editor):
    assert (
        client.post(URL, data(client, **{"criteria-0-values": "asylum_applicant, rejected_asylum"})).status_code == 302
    )
    status = {r["programme"]: r["status"] for r in triage({"migration_status": "rejected_asylum"})["results"]}
    assert status["pats"] == "eligible"
    assert Programme.objects.get(slug="pats").version == 2


def test_a_value_outside_the_vocabulary_is_refused_next_to_the_field(client, editor):
    response = client.post(URL, data(client, **{"criteria-0-values": "martian"}))
    assert response.status_code == 400
    assert "martian" in response.content.decode()
    assert Criterion.objects.get(programme__slug="pats").values == ["asylum_applicant"]


def test_an_edit_from_an_older_version_is_refused(client, editor):
    stale = data(client, **{"criteria-0-values": "rejected_asylum"})
    Programme.objects.filter(slug="pats").update(version=5)
    response = client.post(URL, stale)
    assert response.status_code == 409
    assert Criterion.objects.get(programme__slug="pats").values == ["asylum_applicant"]
