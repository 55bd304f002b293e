"""Each directory filter narrows the list; bad values show an error next to the field."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db

URL = "/directory/"


def slugs(client, **params):
    response = client.get(URL, {"status": "all", **params} if "status" not in params else params)
    assert response.status_code == 200
    return {p.slug for p in response.context["page"].paginator.object_list}


def test_without_filters_it_lists_running_programmes_and_hides_ended_ones(client):
    response = client.get(URL)
    listed = {p.slug for p in response.context["page"].paginator.object_list}
    assert "kljuc-hotline" in listed and "pogum" not in listed
    assert len(listed) == 27


def test_free_text_ignores_case_and_accents(client):
    found = slugs(client, q="KLJUC")
    assert {"kljuc-hotline", "safe-accommodation", "pats"} <= found
    assert "police-113" not in found
    assert slugs(client, q="namestitev") >= {"crisis-accommodation", "safe-accommodation"}


def test_free_text_requires_every_word(client):
    assert slugs(client, q="crisis five") == {"mol-crisis-accommodation"}


def test_form_of_exploitation_narrows(client):
    found = slugs(client, exploitation="labour")
    assert {"migrant-counselling-office", "labour-inspectorate"} <= found
    assert "prostitution-support" not in found and "pats" in found


def test_who_it_is_for_narrows(client):
    found = slugs(client, audience="asylum-applicants")
    assert "pats" in found and "pic-asylum-legal-aid" in found
    assert "kljuc-hotline" not in found


def test_municipality_keeps_national_programmes_and_local_ones_only_there(client):
    kranj = slugs(client, municipality="kranj")
    assert "mol-crisis-accommodation" not in kranj and "migrant-day-centre" not in kranj
    assert "kljuc-hotline" in kranj
    assert "migrant-day-centre" in slugs(client, municipality="maribor")


def test_language_finds_programmes_with_interpreters(client):
    assert slugs(client, language="es") == {"crisis-accommodation", "caritas-24h-line"}
    # No source records a programme's languages, so only interpreters answer for any language.
    assert slugs(client, language="sl") == {"crisis-accommodation", "caritas-24h-line"}


def test_channel_anonymous_lists_only_anonymous_contacts(client):
    # Ključ's one line and one address take anonymous contact for every programme they serve.
    kljuc = {"prostitution-support", "kljuc-hotline", "safe-accommodation", "mol-crisis-accommodation"}
    kljuc |= {"reintegration", "pats", "prava-zveza"}
    assert slugs(client, channel="anonymous") == {"furs-anonymous-line", "police-anonymous-line", *kljuc}
    assert "labour-inspectorate" not in slugs(client, channel="toll_free")
    assert "pic-asylum-legal-aid" in slugs(client, channel="web")


def test_status_ended_shows_only_ended_programmes(client):
    assert slugs(client, status="ended") == {"pogum"}


def test_open_now_uses_the_clock(client):
    monday_morning = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))
    saturday_night = datetime(2026, 11, 28, 23, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))
    with time_machine.travel(monday_morning, tick=False):
        assert "kljuc-hotline" in slugs(client, open_now="on")
    with time_machine.travel(saturday_night, tick=False):
        night = slugs(client, open_now="on")
    assert "kljuc-hotline" not in night and {"emergency-112", "sos-helpline"} <= night


@pytest.mark.parametrize(
    "params, field",
    [
        ({"exploitation": "piracy"}, "exploitation"),
        ({"municipality": "atlantis"}, "municipality"),
        ({"language": "xx"}, "language"),
        ({"channel": "pigeon"}, "channel"),
        ({"status": "sleeping"}, "status"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_filter_values_show_an_error_next_to_the_field_and_no_results(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 200
    form = response.context["filter"].form
    assert field in form.errors
    assert response.context["page"].paginator.count == 0
    assert f'id="error_1_id_{field}"' in response.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(client):
    response = client.get(URL, {"page": "999"})
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages


def test_renaming_an_organisation_makes_its_programmes_findable_by_the_new_name(client):
    from directory.models import Organisation
    from directory.services import ADMIN, Author, organisation_update

    kljuc = Organisation.objects.get(slug="kljuc")
    organisation_update(organisation=kljuc, data={"name_en": "Keystone Society"}, author=Author(via=ADMIN))
    assert "kljuc-hotline" in slugs(client, q="keystone")
