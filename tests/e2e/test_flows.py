"""The product as people meet it: keyboard-only triage, filters, quick exit, providers, training."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Programme
from tests.e2e.conftest import sign_in_as_kljuc_member, tab_to


def test_a_full_triage_by_keyboard_alone_to_the_results_and_the_print_view(page):
    page.goto(page.base + "/triage/")
    tab_to(page, "button[type=submit].btn-primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/triage/q/immediate_danger/")
    # Danger: focus the radio group, choose "Yes" with the keyboard, submit with Enter.
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")
    assert page.is_checked("input[value=yes]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # In danger: the call page first, then on by keyboard when it is safe.
    assert page.url.endswith("/triage/danger/")
    tab_to(page, "a.btn-outline-primary[href='/triage/q/needs/']")  # "Continue when safe"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Every other question: "I don't know", reached and pressed by keyboard.
    for _ in range(14):
        if "/triage/check/" in page.url:
            break
        tab_to(page, "button[name=skip]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/triage/check/" in page.url
    tab_to(page, "a[href='/triage/results/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    call_now = page.locator("#call-now-heading")
    assert call_now.is_visible() and page.locator("a[href='tel:112']").first.is_visible()
    tab_to(page, "a[href='/triage/sheet/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/triage/sheet/")  # the person's languages are not known: asked first
    tab_to(page, "#main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.emulate_media(media="print")
    assert page.locator(".referral-sheet").is_visible()
    assert not page.locator("#quick-exit").is_visible() and not page.locator(".site-header").is_visible()


def test_directory_filters_narrow_the_list(page):
    page.goto(page.base + "/directory/")
    total = int(page.locator("#results-heading").inner_text().split()[0])
    toggle = page.locator("button[aria-controls=more-filters]")
    if toggle.is_visible():  # on a phone the filters are folded under one button
        toggle.click()
        expect(page.locator("#more-filters")).to_have_class(re.compile(r"\bshow\b"))  # unfolded
    page.select_option("#id_exploitation", "labour")
    page.click("#more-filters [type=submit]")
    page.wait_for_url(re.compile(r"exploitation=labour"))
    narrowed = int(page.locator("#results-heading").inner_text().split()[0])
    assert 0 < narrowed < total
    assert page.locator("text=Migrant Counselling Office").first.is_visible()


def test_an_invalid_filter_shows_the_error_by_the_field(page):
    page.goto(page.base + "/directory/?municipality=atlantis")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_municipality.is-invalid").count() == 1


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_replaces_the_page_so_back_does_not_return(page, settings, how):
    settings.QUICK_EXIT_URL = page.base + "/healthz"
    page.goto(page.base + "/directory/")
    page.goto(page.base + "/directory/pats/")
    if how == "button":
        page.click("#quick-exit")
    else:
        for _ in range(3):
            page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/healthz$"))
    page.go_back()
    assert page.url.endswith("/directory/")  # the page with the person's context is gone from history


def test_an_ngo_member_verifies_and_edits_a_programme(page):
    user = sign_in_as_kljuc_member(page)
    page.click("form[action='/manage/programmes/kljuc-hotline/verify/'] button")
    assert page.locator(".alert-success").is_visible()
    assert Programme.objects.get(slug="kljuc-hotline").verified_by == user
    page.goto(page.base + "/manage/programmes/kljuc-hotline/edit/")
    page.fill("#id_offers_en", "Counselling by phone, also on Saturdays")
    page.click("button:has-text('Save changes')")
    assert page.locator(".alert-success").is_visible()
    assert Programme.objects.get(slug="kljuc-hotline").offers_en == "Counselling by phone, also on Saturdays"


def test_a_trainee_attempt_ends_with_feedback(page):
    page.goto(page.base + "/training/boy-begging-at-market/")
    page.check("input[name=age_group-answer][value=minor]")
    page.check("input[name=exploitation-answer][value=begging]")
    page.click("button:has-text('Continue')")
    page.wait_for_url(re.compile(r"/refer/$"))
    page.check("input[name=picked][value=tom-telefon]")
    page.click("button:has-text('Check my referrals')")
    assert page.locator("h1:has-text('Feedback')").is_visible()
    assert page.locator("text=Critical misses").is_visible()


def test_a_member_on_a_phone_updates_free_places_and_resolves_a_report(page):
    from directory.models import ProblemReport

    report = ProblemReport.objects.create(programme=Programme.objects.get(slug="safe-accommodation"), reason="other")
    sign_in_as_kljuc_member(page)
    page.goto(page.base + "/manage/programmes/safe-accommodation/places/")
    page.fill("#id_available", "3")
    page.fill("#id_total", "10")
    page.click("button[value=save]")
    page.click("button[value=minus]")  # one person arrived: two taps in all from the saved page
    assert page.locator(".alert-success").is_visible()
    assert Programme.objects.get(slug="safe-accommodation").places_available == 2
    page.goto(page.base + "/manage/reports/")
    page.check(f"#resolved-{report.pk}")
    page.fill(f"#note-{report.pk}", "Checked with the team")
    page.click("button:has-text('Close the report')")
    assert page.locator(".alert-success").is_visible()
    report.refresh_from_db()
    assert report.status == "resolved"
