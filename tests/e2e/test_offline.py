"""Offline in the field: after one visit the public directory opens without a network, saying when
it was saved; a results phone is never served from the device's copy; the "Use offline" phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import run_axe

pytestmark = pytest.mark.service_worker


def test_the_directory_opens_offline_and_a_results_page_does_not(phone):
    phone.goto(phone.base + "/directory/")
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.goto(phone.base + "/directory/pats/")  # opened once online, under the worker's control
    phone.goto(phone.base + "/triage/")
    phone.click("#main form button[type=submit].btn-primary")
    phone.goto(phone.base + "/triage/results/")
    assert phone.locator("h1").count() == 1

    phone.context.set_offline(True)
    phone.goto(phone.base + "/directory/pats/")
    assert "PATS" in phone.locator("h1").inner_text()
    banner = phone.locator("#offline-banner")
    expect(banner).to_be_visible()
    assert "check before you pass it on" in banner.inner_text()
    # "Open now" / "Closed now" on a saved copy says it was so when saved, never that it is now.
    badges = phone.locator(".open-state")
    assert badges.count() >= 1
    for badge in badges.all():
        expect(badge).to_contain_text("(when saved, ")
    assert run_axe(phone) == []

    phone.goto(phone.base + "/triage/results/")
    assert "not available offline" in phone.locator("#offline-banner").inner_text()
    assert phone.locator("#call-now-heading, .suggestion").count() == 0
    phone.context.set_offline(False)


def test_the_use_offline_page_explains_and_clears_the_copy(phone):
    phone.goto(phone.base + "/offline/")
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert run_axe(phone) == []
    phone.click("#forget-offline")
    phone.wait_for_selector("#forget-done", state="visible")
    assert phone.evaluate("caches.keys().then(keys => keys.filter(k => k.startsWith('kazipot-')).length)") == 0
