"""The sheet and the person page in Arabic, Farsi and Ukrainian in a real browser, at phone width:
right to left where it should be, every character drawn by an installed font (no empty boxes),
phone numbers still reading left to right, and axe clean."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import run_axe

# Debian's Noto fonts draw Arabic script and CJK here; .ci/run installs them with Chromium.
FONTS = (
    subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    if shutil.which("fc-list")
    else ""
)


def triage(page, languages):
    """Start, say what is needed and which languages the person speaks, as a worker would."""
    page.goto(page.base + "/triage/")
    page.click("#main button.btn-primary")
    page.goto(page.base + "/triage/q/needs/")
    page.check("input[value=accommodation]")
    page.click("button:has-text('Continue')")
    page.goto(page.base + "/triage/q/languages/")
    for code in languages:
        page.check(f"input[name=answer][value={code}]")
    page.click("button:has-text('Continue')")


# Draws each character of `selector`'s text on a canvas in the element's own font and compares it
# with a character no font has (U+0378, unassigned): the same pixels mean an empty box.
BOXES = """(selector) => {
  const root = document.querySelector(selector);
  const font = getComputedStyle(root).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (c) => {
    ctx.clearRect(0, 0, 48, 48); ctx.font = `32px ${font}`; ctx.fillText(c, 4, 36);
    return ctx.getImageData(0, 0, 48, 48).data.join(",");
  };
  const box = draw("\\u0378");
  const chars = [...new Set([...root.innerText])].filter((c) => c.codePointAt(0) > 0x7f && /[\\p{L}\\p{N}]/u.test(c));
  return {checked: chars.length, boxes: chars.filter((c) => draw(c) === box)};
}"""


def assert_every_character_drawn(page, selector, at_least):
    assert "Noto Naskh Arabic" in FONTS and "Noto Sans CJK SC" in FONTS, "install fonts-noto-core and fonts-noto-cjk"
    drawn = page.evaluate(BOXES, selector)
    assert drawn["checked"] >= at_least and drawn["boxes"] == [], drawn


TEXT_EDGE = """(selector) => {
  const el = document.querySelector(selector), range = document.createRange();
  range.selectNodeContents(el);
  const text = range.getClientRects()[0], box = el.getBoundingClientRect();
  return Math.abs(text.left - box.left) < 2 ? "left" : Math.abs(text.right - box.right) < 2 ? "right" : "middle";
}"""


def text_starts_at(page, selector):
    """Which edge of its box an element's first line of text starts from."""
    return page.evaluate(TEXT_EDGE, selector)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("code", ["ar", "uk"])
def test_the_person_page_at_phone_width_reads_in_their_language(phone, code):
    triage(phone, ["ar", "uk"])
    phone.goto(phone.base + f"/triage/person/?lang={code}")
    html = phone.locator("html")
    assert html.get_attribute("lang") == code and html.get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    assert text_starts_at(phone, "h1") == ("right" if code == "ar" else "left")  # mirrored in Arabic
    call = phone.locator("a.person-call[href='tel:+386801722']").first
    expect(call).to_be_visible()  # a thumb can tap it
    assert call.bounding_box()["height"] >= 44
    assert call.evaluate("(a) => getComputedStyle(a.querySelector('[dir=ltr]')).direction") == "ltr"
    assert no_sideways_scroll(phone)
    assert_every_character_drawn(phone, "main", at_least=25)
    assert run_axe(phone) == []
    expect(phone.locator("#quick-exit")).to_be_visible()


@pytest.mark.parametrize("code", ["ar", "uk"])
def test_the_printed_sheet_at_phone_width_is_in_their_language(phone, code):
    triage(phone, [code])
    phone.goto(phone.base + f"/triage/sheet/?lang={code}")
    assert run_axe(phone) == []
    phone.emulate_media(media="print")
    sheet = phone.locator(".referral-sheet")
    expect(sheet).to_be_visible()
    assert sheet.get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    expect(phone.locator(".language-choice")).to_be_hidden()
    expect(phone.locator("#sheet-text")).to_be_hidden()
    expect(phone.locator("#quick-exit")).to_be_hidden()
    assert text_starts_at(phone, ".referral-sheet h2") == ("right" if code == "ar" else "left")
    assert text_starts_at(phone, ".sheet-item li") == ("right" if code == "ar" else "left")
    assert no_sideways_scroll(phone)
    assert_every_character_drawn(phone, ".referral-sheet", at_least=25)


def test_chinese_sheet_is_drawn_with_an_installed_font(phone):
    triage(phone, ["zh"])
    phone.goto(phone.base + "/triage/sheet/?lang=zh-hans")
    assert_every_character_drawn(phone, ".referral-sheet", at_least=40)


# Lays the copied text out as a right-to-left message would be and tells whether "080" is drawn to
# the left of "22" in "080 17 22": the number reads left to right.
READS_LEFT_TO_RIGHT = """([text, number]) => {
  const div = document.createElement("div");
  div.dir = "rtl"; div.style.whiteSpace = "pre"; div.textContent = text;
  document.body.appendChild(div);
  const node = div.firstChild, at = text.indexOf(number);
  const x = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                     return r.getBoundingClientRect().left; };
  const result = x(at) < x(at + number.length - 1);
  div.remove();
  return result;
}"""


def test_farsi_copy_text_keeps_phone_numbers_readable(phone):
    triage(phone, ["fa"])
    phone.goto(phone.base + "/triage/sheet/?lang=fa")
    text = phone.locator("#sheet-text").input_value()
    assert phone.locator("#sheet-text").get_attribute("dir") == "rtl"
    line = next(line for line in text.splitlines() if "080 17 22" in line)
    assert phone.evaluate(READS_LEFT_TO_RIGHT, [line, "080 17 22"])
    # Without the isolating marks the same line would show "22 17 080": the marks do the work.
    bare = re.sub("[\u2066\u2068\u2069]", "", line)
    assert not phone.evaluate(READS_LEFT_TO_RIGHT, [bare, "080 17 22"])


def test_quick_exit_on_the_person_page_leaves_and_ends_the_answers(phone, settings):
    settings.QUICK_EXIT_URL = phone.base + "/healthz"
    triage(phone, ["fa"])
    phone.goto(phone.base + "/triage/person/")
    assert phone.locator("#quick-exit").inner_text() == "خروج از صفحه"
    phone.click("#quick-exit")
    phone.wait_for_url(re.compile(r"/healthz$"))
    phone.goto(phone.base + "/triage/person/")
    expect(phone).to_have_url(re.compile(r"/triage/$"))  # the answers are gone
