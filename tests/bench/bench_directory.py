"""Directory and triage pages at 1k, 10k and 100k programmes, as ratios to a minimal view and to
the same page at 1k.

Run with `make bench` (SQLite) or `make bench-postgres`. Targets (issue 16): list and search p50 at
most 8x the minimal view at every size and at 100k at most 1.5x the 1k figure; triage (API, an
answer, the results page) at 10k and 100k at most 2x the 1k figure; the first triage after a
edit at 100k under 2 s; the HSDS feed (the UK validator's reads, cold) at 100k at most 1.5x the
1k figure (issue 30: its response time, measured here, not in timed unit tests). The figures go to
the README's Performance table.
"""

import json
import statistics

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

SIZES = [1_000, 10_000, 100_000]
TRIAGE = {"migration_status": "asylum_applicant", "needs": ["legal"]}
CASES = {
    # The minimal Django view: our smallest page, base template and middleware but no query.
    "minimal view": lambda size: ("get", "/triage/", None),
    "health check": lambda size: ("get", "/healthz", None),
    "directory list": lambda size: ("get", "/directory/", None),
    "directory search": lambda size: ("get", "/directory/", {"q": "pomoč"}),
    # Two words that each appear in a few percent of the synthetic entries, and a filter.
    "directory search, filtered": lambda size: ("get", "/directory/", {"q": "pomoč zdravje", "municipality": "kranj"}),
    "directory detail": lambda size: ("get", f"/directory/syn-{size // 2}/", None),
    "triage API": lambda size: ("post", "/api/triage/", TRIAGE),
    # The questionnaire with danger, needs and residence answered: one more answer, the results.
    "triage answer": lambda size: ("post", "/triage/q/exploitation/", {"answer": "labour"}),
    "triage results": lambda size: ("get", "/triage/results/", None),
    # The HSDS feed as the Open Referral UK validator reads it: first and last page, one record.
    "HSDS services, first page": lambda size: ("get", "/api/hsds/services/", None),
    "HSDS services, last page": lambda size: ("get", "/api/hsds/services/", {"page": -(-size // 25)}),
    "HSDS organizations": lambda size: ("get", "/api/hsds/organizations/", None),
    "HSDS service by id": lambda size: ("get", f"/api/hsds/services/{_uid(size)}/", None),
}
MEDIANS = {}


def _uid(size):
    from directory.models import Programme

    return Programme.objects.values_list("uid", flat=True).get(slug=f"syn-{size // 2}")


def _request(client, method, url, data):
    if method == "post" and url.startswith("/api/"):
        return client.post(url, json.dumps(data), content_type="application/json")
    if method == "post":
        return client.post(url, data)
    return client.get(url, data or {})


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}")
def size(request, grow_directory):
    """Grown outside the tests' transactions, so the rows stay for every case of this size."""
    return grow_directory(request.param) and request.param


def _questionnaire(client):
    client.post("/triage/")
    for key, value in [("immediate_danger", "no"), ("needs", ["legal"]), ("migration_status", "asylum_applicant")]:
        client.post(f"/triage/q/{key}/", {"answer": value})


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_page(benchmark, size, case):
    client = Client(HTTP_ACCEPT_LANGUAGE="sl")
    if case.startswith("triage "):
        _questionnaire(client)
    method, url, data = CASES[case](size)
    assert _request(client, method, url, data).status_code in (200, 302)
    benchmark.group = f"{connection.vendor} {size:,} programmes"
    # The feed's lists are kept in the shared cache for a minute: measured cold, as a validator finds them.
    setup = cache.clear if case.startswith("HSDS") else None
    benchmark.pedantic(_request, args=(client, method, url, data), setup=setup, rounds=15, warmup_rounds=2)
    MEDIANS[(size, case)] = statistics.median(benchmark.stats.stats.data)


def _an_edit():
    """A provider's edit as the caches see it: one programme's version moves."""
    from directory.models import Programme
    from directory.services import programme_changed

    programme_changed(Programme.objects.order_by("?").first())


def _a_reset():
    """A change no programme's version shows (reference data, a restore): everything is read again."""
    from directory.services import catalogue_changed

    catalogue_changed(everything=True)


@pytest.mark.django_db
@pytest.mark.parametrize("change, setup, rounds", [("an edit", _an_edit, 3), ("a reset", _a_reset, 1)])
def test_first_triage_after_a_change(benchmark, size, change, setup, rounds):
    """After an edit only the changed programmes are read again; after a reset, everything."""
    client = Client(HTTP_ACCEPT_LANGUAGE="sl")
    _request(client, *CASES["triage API"](size))
    benchmark.group = f"{connection.vendor} {size:,} programmes"
    benchmark.pedantic(_request, args=(client, *CASES["triage API"](size)), setup=setup, rounds=rounds, warmup_rounds=0)
    MEDIANS[(size, f"first triage after {change}")] = statistics.median(benchmark.stats.stats.data)


def test_report():
    """Print the table for the README: median milliseconds, the ratio to the minimal view and to
    the same case at 1,000 programmes."""
    lines = [f"{connection.vendor}: size | case | p50 ms | x minimal view | x at 1,000"]
    for (size, case), median in sorted(MEDIANS.items(), key=lambda item: (item[0][1], item[0][0])):
        minimal, small = MEDIANS.get((size, "minimal view")), MEDIANS.get((1_000, case))
        ratio = f"{median / minimal:.1f}" if minimal else "-"
        growth = f"{median / small:.2f}" if small else "-"
        lines.append(f"{size:>7,} | {case:<28} | {median * 1000:8.1f} | {ratio:>6} | {growth:>5}")
    print("\n" + "\n".join(lines))
