"""The gap report: counters of month × statistical region × need × outcome, incremented once when a
triage reaches its results; small counts hidden (below 10 publicly, below 5 for staff); a chart
that is also a table; the SURS regions of all 212 municipalities."""

import csv
import io
import json
from collections import Counter

import pytest

from directory.models import Municipality, Region
from referral.loop import services as loop
from referral.models import GapCount
from tests.data import REPO
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db


def reach_results(client, municipality="maribor", needs=("accommodation",)):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    client.post("/triage/q/municipality/", {"answer": municipality})
    client.post("/triage/q/needs/", {"answer": list(needs)})
    return client.get("/triage/results/")


def test_every_municipality_has_its_statistical_region():
    fixture = json.loads((REPO / "fixtures" / "municipalities.json").read_text())
    assert len(fixture) == 212 and all(row["fields"]["region"] in Region.values for row in fixture)
    per_region = Counter(Municipality.objects.values_list("region", flat=True))
    assert per_region == {
        "podravska": 41,
        "savinjska": 31,
        "pomurska": 27,
        "osrednjeslovenska": 25,
        "jugovzhodna-slovenija": 21,
        "gorenjska": 18,
        "goriska": 13,
        "koroska": 12,
        "obalno-kraska": 8,
        "posavska": 6,
        "primorsko-notranjska": 6,
        "zasavska": 4,
    }
    assert Municipality.objects.get(slug="litija").region == "zasavska"


def test_reaching_the_results_counts_each_need_once_per_triage(client):
    reach_results(client, needs=("accommodation", "return_home"))
    client.get("/triage/results/")  # seen again: not counted again
    rows = set(GapCount.objects.values_list("month", "region", "need", "outcome", "count"))
    assert ("2026-11", "podravska", "accommodation", "programmes_found", 1) in rows
    assert {row[2] for row in rows} == {"accommodation", "return_home"}
    assert all(row[4] == 1 for row in rows)


def test_abroad_and_unknown_are_regions_of_their_own(client):
    from django.test import Client

    reach_results(client, municipality="abroad")
    other = Client()
    other.post("/triage/")
    other.post("/triage/q/immediate_danger/", {"answer": "no"})
    other.get("/triage/results/")
    assert set(GapCount.objects.values_list("region", "need")) == {
        ("abroad", "accommodation"),
        ("unknown", "unspecified"),
    }


def test_nothing_fits_when_no_programme_offers_the_need():
    from referral.triage.cache import load_catalogue

    answers = {"needs": ["accommodation"], "municipality": "kranj", "age_group": "minor", "gender": "male"}
    outcome = load_catalogue().outcome(answers)
    outcome.eligible = outcome.possible = 0  # as if nothing matched
    loop.count_triage(answers, outcome)
    assert GapCount.objects.get().outcome == "nothing_fits"


def seed_counts(region="gorenjska", need="legal", n=7):
    GapCount.objects.create(month="2026-11", region=region, need=need, outcome="nothing_fits", count=n)


def test_small_counts_are_hidden_below_10_publicly_and_below_5_for_staff(client):
    seed_counts(n=7)
    seed_counts(region="podravska", n=12)
    seed_counts(region="koroska", n=3)
    public = client.get("/reports/gaps/").context
    legal = dict(public["rows"])[dict(loop_needs())["legal"]]
    regions = list(loop.REGIONS)
    assert legal[regions.index("podravska")] == 12
    assert legal[regions.index("gorenjska")] is None and legal[regions.index("koroska")] is None
    client.force_login(make_user("analyst", staff=True))
    staff = dict(client.get("/reports/gaps/").context["rows"])[dict(loop_needs())["legal"]]
    assert staff[regions.index("gorenjska")] == 7 and staff[regions.index("koroska")] is None


def loop_needs():
    from referral.loop.reports import need_labels

    return need_labels().items()


def test_the_csv_hides_counts_below_10():
    from django.test import Client

    seed_counts(n=9)
    seed_counts(region="podravska", n=10)
    rows = list(csv.reader(io.StringIO(Client().get("/reports/gaps.csv").content.decode())))
    assert rows[0] == ["since", "region", "need", "outcome", "count"]
    assert ["2025-12", "gorenjska", "legal", "nothing_fits", "<10"] in rows
    assert ["2025-12", "podravska", "legal", "nothing_fits", "10"] in rows


def test_the_page_is_a_table_without_javascript_and_a_chart(client):
    seed_counts(region="podravska", n=12)
    page = client.get("/reports/gaps/").content.decode()
    assert "<table" in page and "<svg" in page and "<script" not in page.split("<main")[1].split("</main>")[0]
    assert "Podravska" in page and ">12<" in page
    empty = client.get("/reports/gaps/")
    assert empty.status_code == 200


def test_no_difference_of_published_figures_reveals_a_hidden_count(client):
    """The attacker's way: every figure the page and the CSV publish, every pair subtracted."""
    import random

    from django.test import Client

    from referral.loop.reports import PUBLIC_MINIMUM, published

    chance = random.Random(28)
    months = [f"{y}-{m:02d}" for y, m in [(2025, 5), (2025, 9), (2025, 12), (2026, 3), (2026, 10), (2026, 11)]]
    outcomes = [loop.NOTHING, loop.FOUND, loop.DECLINED + "no_capacity", loop.DECLINED + "not_eligible"]
    for month in months:
        for region in ["podravska", "gorenjska", "koroska", loop.UNKNOWN]:
            for need in ["legal", "accommodation"]:
                for outcome in outcomes:
                    GapCount.objects.create(
                        month=month,
                        region=region,
                        need=need,
                        outcome=outcome,
                        count=chance.choice([1, 3, 4, 9, 12, 25]),
                    )
    since, figures = published()
    sets = list(figures.values())
    # Two figures sum the same counters or none in common: no figure is another's part.
    for n, (_total, cells) in enumerate(sets):
        for _other, other_cells in sets[n + 1 :]:
            assert not cells & other_cells
    assert all(month >= since for _t, cells in sets for month, *_rest in cells)  # no older month either
    # What the page and the CSV show is exactly those figures, each once, hidden below 10.
    shown = {}
    for row in list(csv.reader(io.StringIO(Client().get("/reports/gaps.csv").content.decode())))[1:]:
        since_, region, need, outcome, count = row
        key = (region, need, outcome)
        total = figures[key][0]
        assert count == (str(total) if total >= PUBLIC_MINIMUM else "<10")
        shown[key] = total if total >= PUBLIC_MINIMUM else None
    context = client.get("/reports/gaps/").context
    page_values = [v for _label, row in context["rows"] for v in row if v is not None]
    page_values += [v for _label, v in context["declines"] if v is not None]
    published_values = [v for v in shown.values() if v is not None]
    assert all(v in published_values for v in page_values)
    # Every difference of two published figures: never a hidden count.
    hidden = {key: figures[key][0] for key, value in shown.items() if value is None}
    for a in published_values:
        for b in published_values:
            if a > b:
                difference = a - b
                assert all(
                    figures[key][1] != figures[k1][1] - figures[k2][1]
                    for key in hidden
                    for k1 in shown
                    for k2 in shown
                    if shown[k1] == a and shown[k2] == b
                ), difference


def test_a_replayed_cookie_is_counted_once_on_the_server(client):
    """Seven copies of a cookie taken before its results: the gap report counts one triage."""
    from django.test import Client

    from referral.questionnaire.sealed import COOKIE

    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    client.post("/triage/q/municipality/", {"answer": "maribor"})
    client.post("/triage/q/needs/", {"answer": ["legal"]})
    before = client.cookies[COOKIE].value
    client.get("/triage/results/")
    for _ in range(7):
        other = Client(HTTP_ACCEPT_LANGUAGE="en")
        other.cookies[COOKIE] = before
        assert other.get("/triage/results/").status_code == 200
    assert list(GapCount.objects.values_list("need", "count")) == [("legal", 1)]
