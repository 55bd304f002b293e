"""The gap report: where help is missing, from counters only (referral/loop/services.py). Small counts are
never shown: below 10 publicly (page and CSV), below 5 even to staff.

Counts that cannot be recovered (cell suppression as statistical offices do it: Hundepool et al.,
"Statistical Disclosure Control", Wiley 2012, ch. 4). A hidden cell is safe only if no published
figure, nor any difference of published figures, equals it. So everything published, on the page
and in the CSV, is one set of figures over one period (the last 12 months): each sums a set of
counters, and two such sets are either the same or have no counter in common. No figure is the
sum of others, so no subtraction (a 12-month total minus a month, a total minus its visible parts)
isolates a hidden one. `published()` says which counters each figure sums; a test tries every
difference."""

import csv
from collections import defaultdict

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Region
from referral.loop import services as loop
from referral.models import DeclineReason, GapCount
from referral.questions import QUESTIONS

PUBLIC_MINIMUM, STAFF_MINIMUM = 10, 5
MONTHS = 12
CELL, LABEL_WIDTH, HEADER_HEIGHT = 34, 170, 120  # the chart's geometry (SVG user units)


def _since(today, months=MONTHS):
    """The first month of the last `months` months, as YYYY-MM."""
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


def _shown(value, minimum):
    return value if value >= minimum else None


def region_labels():
    return {**dict(Region.choices), loop.ABROAD: _("Abroad"), loop.UNKNOWN: _("Not known")}


def need_labels():
    return {**dict(QUESTIONS["needs"].options), loop.NO_NEED: _("Needs not given")}


def _heat(totals, minimum):
    """Rows (need, [cells per region]) of how often nothing fitted, and the chart's cells."""
    regions, needs = region_labels(), need_labels()
    shown = [v for v in totals.values() if v >= minimum]
    top = max(shown, default=0)
    rows, cells = [], []
    for r, (need, need_label) in enumerate(needs.items()):
        row = []
        for c, region in enumerate(regions):
            value = _shown(totals.get((need, region), 0), minimum)
            row.append(value)
            cells.append(
                {
                    "x": LABEL_WIDTH + c * CELL,
                    "y": HEADER_HEIGHT + r * CELL,
                    "value": value,
                    "opacity": round(0.1 + 0.5 * value / top, 2) if value else 0,
                }
            )
        rows.append((need_label, row))
    return rows, cells


ANY = "any"  # a decline is published per reason, over every need and region


def published(today=None):
    """(the period, {(region, need, outcome): (total, the counters it sums)}) of everything the
    gap report publishes: per region, need and outcome over the last 12 months; declines per
    reason only. Counters of other months are never published."""
    today = today or timezone.localdate()
    since = _since(today)
    figures = defaultdict(lambda: [0, set()])
    rows = GapCount.objects.filter(month__gte=since, month__lte=today.strftime("%Y-%m"))
    for month, region, need, outcome, count in rows.values_list("month", "region", "need", "outcome", "count"):
        key = (ANY, ANY, outcome) if outcome.startswith(loop.DECLINED) else (region, need, outcome)
        figures[key][0] += count
        figures[key][1].add((month, region, need, outcome))
    return since, {key: (total, frozenset(cells)) for key, (total, cells) in figures.items()}


def gap_figures(minimum, today=None):
    since, figures = published(today)
    nothing = {
        (need, region): total for (region, need, outcome), (total, _c) in figures.items() if outcome == loop.NOTHING
    }
    declines = {
        outcome.removeprefix(loop.DECLINED): total
        for (_r, _n, outcome), (total, _c) in figures.items()
        if outcome.startswith(loop.DECLINED)
    }
    rows, cells = _heat(nothing, minimum)
    regions = region_labels()
    width = LABEL_WIDTH + CELL * len(regions)
    return {
        "since": since,
        "minimum": minimum,
        "regions": list(regions.values()),
        "rows": rows,
        "cells": cells,
        "columns": [
            {"x": LABEL_WIDTH + c * CELL + CELL // 2, "label": label} for c, label in enumerate(regions.values())
        ],
        "row_labels": [
            {"y": HEADER_HEIGHT + r * CELL + CELL // 2 + 5, "label": label} for r, (label, _row) in enumerate(rows)
        ],
        "width": width,
        "height": HEADER_HEIGHT + CELL * len(rows),
        "declines": [(label, _shown(declines.get(code, 0), minimum)) for code, label in DeclineReason.choices],
        "empty": not figures,
    }


def gaps(request):
    minimum = STAFF_MINIMUM if request.user.is_staff else PUBLIC_MINIMUM
    return render(request, "referral/gaps.html", {**gap_figures(minimum), "staff": request.user.is_staff})


def gaps_csv(request):
    """The page's figures (and how often something was found) over its 12 months: per region, need
    and outcome, declines per reason; counts below 10 as "<10"."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kazipot-gaps.csv"'
    writer = csv.writer(response)
    writer.writerow(["since", "region", "need", "outcome", "count"])
    since, figures = published()
    for (region, need, outcome), (total, _cells) in sorted(figures.items()):
        writer.writerow([since, region, need, outcome, total if total >= PUBLIC_MINIMUM else f"<{PUBLIC_MINIMUM}"])
    return response
