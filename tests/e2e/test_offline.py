"""Offline in the field: after one visit the public directory opens without a network, saying when
it was saved; a results page is never served from the device's copy; the "Use offline" page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import run_axe

pytestmark = pytest.mark.service_worker


def test_the_directory_opens_offline_and_a_results_page_does_not(page):
    page.goto(page.base + "/directory/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(page.base + "/directory/pats/")  # opened once online, under the worker's control
    page.goto(page.base + "/triage/")
    page.click("#main form button[type=submit].btn-primary")
    page.goto(page.base + "/triage/results/")
    assert page.locator("h1").count() == 1

    page.context.set_offline(True)
    page.goto(page.base + "/directory/pats/")
    assert "PATS" in page.locator("h1").inner_text()
    banner = page.locator("#offline-banner")
    assert banner.is_visible() and "check before you pass it on" in banner.inner_text()
    # "Open now" / "Closed now" on a saved copy says it was so when saved, never that it is now.
    badges = page.locator(".open-state")
    assert badges.count() >= 1
    for badge in badges.all():
        expect(badge).to_contain_text("(when saved, ")
    assert run_axe(page) == []

    page.goto(page.base + "/triage/results/")
    assert "not available offline" in page.locator("#offline-banner").inner_text()
    assert page.locator("#call-now-heading, .suggestion").count() == 0
    page.context.set_offline(False)


def test_the_use_offline_page_explains_and_clears_the_copy(page):
    page.goto(page.base + "/offline/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert run_axe(page) == []
    page.click("#forget-offline")
    page.wait_for_selector("#forget-done", state="visible")
    assert page.evaluate("caches.keys().then(keys => keys.filter(k => k.startsWith('kazipot-')).length)") == 0
