"""On PostgreSQL the directory search ranks by full-text relevance and forgives typos."""

import pytest
from django.db import connection

from directory.models import Programme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search (make test-postgres)"),
]


def test_a_typo_still_finds_the_organisation():
    found = {p.slug for p in Programme.objects.search("karitsa")}
    assert {"crisis-accommodation", "caritas-24h-line"} <= found


def test_accents_are_ignored():
    assert "kljuc-hotline" in {p.slug for p in Programme.objects.search("KLJUC")}


def test_a_name_match_ranks_above_a_description_match(client):
    listed = [p.slug for p in client.get("/directory/", {"q": "namestitev"}).context["page"]]
    assert listed.index("crisis-accommodation") < listed.index("mol-crisis-accommodation")


def test_the_search_works_as_a_subquery():
    # Its SQL names no table: a subquery gives the programme table another alias.
    inner = Programme.objects.search("karitsa").values("pk")
    assert {"crisis-accommodation", "caritas-24h-line"} <= set(
        Programme.objects.filter(pk__in=inner).values_list("slug", flat=True)
    )
