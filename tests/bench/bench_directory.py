"""Directory search and detail at 1k, 10k and 100k programmes, each as a ratio to a minimal view.

Run with `make bench` (SQLite) or `make bench-postgres`. Targets: search p50 at 100k within 3x the
minimal view (/healthz: one query and a small JSON answer); queries per page constant (locked by
the unit tests). The figures go to the README's Performance table.
"""

import json
import statistics

import pytest
from django.db import connection
from django.test import Client

SIZES = [1_000, 10_000, 100_000]
CASES = {
    # The minimal Django view: our smallest page, base template and middleware but no query.
    "minimal view": lambda size: ("get", "/triage/", None),
    "health check": lambda size: ("get", "/healthz", None),
    # Two words that each appear in a few percent of the synthetic entries, and a filter.
    "directory search": lambda size: ("get", "/directory/", {"q": "pomoč zdravje", "municipality": "kranj"}),
    "directory search, one word": lambda size: ("get", "/directory/", {"q": "namestitev"}),
    "directory detail": lambda size: ("get", f"/directory/syn-{size // 2}/", None),
    "triage API": lambda size: ("post", "/api/triage/", {"migration_status": "asylum_applicant", "needs": ["legal"]}),
}
MEDIANS = {}


def _request(client, method, url, data):
    if method == "post":
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.get(url, data or {})


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}")
def size(request, grow_directory):
    """Grown outside the tests' transactions, so the rows stay for every case of this size."""
    return grow_directory(request.param) and request.param


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_page(benchmark, size, case):
    if case == "triage API" and size != 1_000:
        pytest.skip("triage is measured at 1,000 programmes")
    client = Client(HTTP_ACCEPT_LANGUAGE="sl")
    method, url, data = CASES[case](size)
    assert _request(client, method, url, data).status_code == 200
    benchmark.group = f"{connection.vendor} {size:,} programmes"
    benchmark.pedantic(_request, args=(client, method, url, data), rounds=15, warmup_rounds=2)
    MEDIANS[(size, case)] = statistics.median(benchmark.stats.stats.data)


def test_report():
    """Print the table for the README: median milliseconds and the ratio to the minimal view."""
    lines = [f"{connection.vendor}: size | case | p50 ms | x minimal view"]
    for (size, case), median in sorted(MEDIANS.items()):
        minimal = MEDIANS.get((size, "minimal view"))
        ratio = f"{median / minimal:.1f}" if minimal else "-"
        lines.append(f"{size:>7,} | {case:<26} | {median * 1000:8.1f} | {ratio}")
    print("\n" + "\n".join(lines))
