"""Search on a phone (375 px): the results come first, the filters fold into one button that says
how many are active, and the page is axe clean folded and unfolded."""

import re

from playwright.sync_api import expect

from tests.e2e.test_accessibility import assert_no_violations


def test_on_a_phone_the_first_result_shows_without_scrolling_past_the_filters(phone):
    phone.goto(phone.base + "/directory/?q=v+Kopru+nastanitev&exploitation=labour")
    first = phone.locator(".programme-card").first
    expect(first).to_be_in_viewport()
    assert first.bounding_box()["y"] < 740  # above the fold of a 740 px high phone screen
    toggle = phone.locator("button[aria-controls=more-filters]")
    expect(toggle).to_have_text("Filters (1 active)")
    expect(phone.locator("#id_exploitation")).to_be_hidden()
    expect(phone.locator(".search-understood")).to_contain_text("Serving Koper")
    assert_no_violations(phone, "search on a phone, filters folded")
    toggle.click()
    expect(phone.locator("#id_exploitation")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(phone.locator("#more-filters")).to_have_class(re.compile(r"\bshow\b"))  # the animation is over
    toggle.evaluate("button => button.blur()")
    assert_no_violations(phone, "search on a phone, filters open")


def test_a_typo_is_corrected_on_the_page(phone):
    phone.goto(phone.base + "/directory/?q=Karitass")
    expect(phone.locator(".search-corrected")).to_contain_text("Did you mean")
    phone.click(".search-corrected a")
    expect(phone).to_have_url(re.compile(r"q=karitas"))
    expect(phone.locator(".programme-card").first).to_be_visible()
