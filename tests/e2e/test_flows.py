"""The product as people meet it: keyboard-only triage, filters, quick exit, providers, training."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Programme
from tests.e2e.conftest import sign_in_as_kljuc_member, tab_to


def test_a_full_triage_by_keyboard_alone_to_the_results_and_the_print_view(phone):
    phone.goto(phone.base + "/triage/")
    tab_to(phone, "button[type=submit].btn-primary")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url.endswith("/triage/q/immediate_danger/")
    # Danger: focus the radio group, choose "Yes" with the keyboard, submit with Enter.
    tab_to(phone, "input[name=answer]")
    phone.keyboard.press("Space")
    expect(phone.locator("input[value=yes]")).to_be_checked()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    # In danger: the call phone first, then on by keyboard when it is safe.
    assert phone.url.endswith("/triage/danger/")
    tab_to(phone, "a.btn-outline-primary[href='/triage/q/needs/']")  # "Continue when safe"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    # Every other question: "I don't know", reached and pressed by keyboard.
    for _ in range(14):
        if "/triage/check/" in phone.url:
            break
        tab_to(phone, "button[name=skip]")
        with phone.expect_navigation():
            phone.keyboard.press("Enter")
    assert "/triage/check/" in phone.url
    tab_to(phone, "a[href='/triage/results/']")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    call_now = phone.locator("#call-now-heading")
    expect(call_now).to_be_visible()
    expect(phone.locator("a[href='tel:112']").first).to_be_visible()
    tab_to(phone, "a[href='/triage/sheet/']")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url.endswith("/triage/sheet/")  # the person's languages are not known: asked first
    tab_to(phone, "#main button[type=submit]")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    phone.emulate_media(media="print")
    expect(phone.locator(".referral-sheet")).to_be_visible()
    expect(phone.locator("#quick-exit")).to_be_hidden()
    expect(phone.locator(".site-header")).to_be_hidden()


def test_directory_filters_narrow_the_list(phone):
    phone.goto(phone.base + "/directory/")
    total = int(phone.locator("#results-heading").inner_text().split()[0])
    toggle = phone.locator("button[aria-controls=more-filters]")
    toggle.click()  # on a phone the filters are folded under one button
    expect(phone.locator("#more-filters")).to_have_class(re.compile(r"\bshow\b"))  # unfolded
    phone.select_option("#id_exploitation", "labour")
    phone.click("#more-filters [type=submit]")
    phone.wait_for_url(re.compile(r"exploitation=labour"))
    narrowed = int(phone.locator("#results-heading").inner_text().split()[0])
    assert 0 < narrowed < total
    expect(phone.locator("text=Migrant Counselling Office").first).to_be_visible()


def test_an_invalid_filter_shows_the_error_by_the_field(phone):
    phone.goto(phone.base + "/directory/?municipality=atlantis")
    expect(phone.locator("#error-summary")).to_be_visible()
    assert phone.locator("#id_municipality.is-invalid").count() == 1


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_replaces_the_page_so_back_does_not_return(phone, settings, how):
    settings.QUICK_EXIT_URL = phone.base + "/healthz"
    phone.goto(phone.base + "/directory/")
    phone.goto(phone.base + "/directory/pats/")
    if how == "button":
        phone.click("#quick-exit")
    else:
        for _ in range(3):
            phone.keyboard.press("Escape")
    phone.wait_for_url(re.compile(r"/healthz$"))
    phone.go_back()
    assert phone.url.endswith("/directory/")  # the phone with the person's context is gone from history


def test_an_ngo_member_verifies_and_edits_a_programme(phone):
    user = sign_in_as_kljuc_member(phone)
    phone.click("form[action='/manage/programmes/kljuc-hotline/verify/'] button")
    expect(phone.locator(".alert-success")).to_be_visible()
    assert Programme.objects.get(slug="kljuc-hotline").verified_by == user
    phone.goto(phone.base + "/manage/programmes/kljuc-hotline/edit/")
    phone.fill("#id_offers_en", "Counselling by phone, also on Saturdays")
    phone.click("button:has-text('Save changes')")
    expect(phone.locator(".alert-success")).to_be_visible()
    assert Programme.objects.get(slug="kljuc-hotline").offers_en == "Counselling by phone, also on Saturdays"


def test_a_trainee_attempt_ends_with_feedback(phone):
    phone.goto(phone.base + "/training/boy-begging-at-market/")
    phone.check("input[name=age_group-answer][value=minor]")
    phone.check("input[name=exploitation-answer][value=begging]")
    phone.click("button:has-text('Continue')")
    phone.wait_for_url(re.compile(r"/refer/$"))
    phone.check("input[name=picked][value=tom-telefon]")
    phone.click("button:has-text('Check my referrals')")
    expect(phone.locator("h1:has-text('Feedback')")).to_be_visible()
    expect(phone.locator("text=A critical miss: the case is not passed")).to_be_visible()


def test_a_member_on_a_phone_updates_free_places_and_resolves_a_report(phone):
    from directory.models import ProblemReport

    report = ProblemReport.objects.create(programme=Programme.objects.get(slug="safe-accommodation"), reason="other")
    sign_in_as_kljuc_member(phone)
    phone.goto(phone.base + "/manage/programmes/safe-accommodation/places/")
    phone.fill("#id_available", "3")
    phone.fill("#id_total", "10")
    phone.click("button[value=save]")
    phone.click("button[value=minus]")  # one person arrived: two taps in all from the saved phone
    expect(phone.locator(".alert-success")).to_be_visible()
    assert Programme.objects.get(slug="safe-accommodation").places_available == 2
    phone.goto(phone.base + "/manage/reports/")
    phone.check(f"#resolved-{report.pk}")
    phone.fill(f"#note-{report.pk}", "Checked with the team")
    phone.click("button:has-text('Close the report')")
    expect(phone.locator(".alert-success")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "resolved"
