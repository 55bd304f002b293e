"""The gap report: where help is missing, from counters only (referral/loop/services.py). Small counts are
never shown: below 10 publicly (page and CSV), below 5 even to staff."""

import csv
from collections import defaultdict

from django.db.models import Sum
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


def gap_figures(minimum, today=None):
    today = today or timezone.localdate()
    since = _since(today)
    found = (
        GapCount.objects.filter(month__gte=since)
        .values("need", "region", "outcome")
        .annotate(total=Sum("count"))
        .order_by()
    )
    nothing, declines = defaultdict(int), defaultdict(int)
    for row in found:
        if row["outcome"] == loop.NOTHING:
            nothing[(row["need"], row["region"])] += row["total"]
        elif row["outcome"].startswith(loop.DECLINED):
            declines[row["outcome"].removeprefix(loop.DECLINED)] += row["total"]
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
        "empty": not found,
    }


def gaps(request):
    minimum = STAFF_MINIMUM if request.user.is_staff else PUBLIC_MINIMUM
    return render(request, "referral/gaps.html", {**gap_figures(minimum), "staff": request.user.is_staff})


def gaps_csv(request):
    """Every counter by month, region, need and outcome; counts below 10 as "<10"."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kazipot-gaps.csv"'
    writer = csv.writer(response)
    writer.writerow(["month", "region", "need", "outcome", "count"])
    for row in GapCount.objects.order_by("month", "region", "need", "outcome").values_list(
        "month", "region", "need", "outcome", "count"
    ):
        *key, count = row
        writer.writerow([*key, count if count >= PUBLIC_MINIMUM else f"<{PUBLIC_MINIMUM}"])
    return response
