"""Right-to-left sheets (Farsi, Arabic) keep mixed-direction headings and sources in order, as the
Unicode bidirectional algorithm lays them out on a screen, with or without support for isolates."""

import re
from html import unescape

import pytest
from bidi import get_display

from tests.referral.test_sheet_in_their_language import copy_text, page, sheet_part, triage

pytestmark = pytest.mark.django_db
ISOLATES = "\u2066\u2067\u2068\u2069"
ORGANISATION = "Ključ Society – Centre for Combating Trafficking in Human Beings"
PROGRAMME = "Comprehensive care for victims of trafficking – safe accommodation"


def shown(line, isolates=True):
    """The line as a right-to-left screen shows it, left to right; a renderer that does not know
    the isolate characters drops them."""
    if not isolates:
        line = line.translate({ord(c): None for c in ISOLATES})
    return get_display(line, base_dir="R").translate({ord(c): None for c in ISOLATES + "\u200f"})


def heading_from_html(html):
    part = sheet_part(html)
    h3 = next(h for h in re.findall(r"<h3[^>]*>(.*?)</h3>", part, re.S) if "Ključ Society" in h)
    h3 = re.sub(r'<bdi dir="ltr"[^>]*>(.*?)</bdi>', "\u2066\\1\u2069", h3)
    return "\u200f" + unescape(re.sub(r"<[^>]+>", "", h3)).strip()


@pytest.mark.parametrize("code", ["fa", "ar"])
@pytest.mark.parametrize("isolates", [True, False])
def test_a_heading_shows_the_programme_at_the_right_and_its_organisation_whole(client, code, isolates):
    triage(client)
    html = page(client, f"/triage/sheet/?lang={code}")
    copied = next(line for line in copy_text(html).splitlines() if "Ključ Society" in line and PROGRAMME in line)
    for line in (copied, heading_from_html(html)):
        screen = shown(line, isolates)
        assert ORGANISATION in screen and PROGRAMME in screen, screen  # each name whole, in its own order
        assert screen.index(ORGANISATION) < screen.index(PROGRAMME), screen  # read from the right: programme first
        assert screen.count("–") == 3, screen  # the two names' own dashes and one between them


@pytest.mark.parametrize("code", ["fa", "ar"])
def test_a_source_year_range_reads_as_written(client, code):
    triage(client)
    text = copy_text(page(client, f"/triage/sheet/?lang={code}"))
    line = next(line for line in text.splitlines() if "2023" in line)
    assert "2023–2024" in shown(line)
