"""Tonight, for this person, on a phone (375 px): danger opens the call page, a Friday-night plan
(planned for that moment), Back after quick exit shows no answer, quick exit with a stale form
token still ends everything, and the sticky bar never covers what a link jumps to; axe on each."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import run_axe, sign_in_as_kljuc_member
from tests.e2e.test_accessibility import assert_no_violations


def start(page):
    page.goto(page.base + "/triage/")
    page.click("#main button.btn-primary")
    expect(page).to_have_url(re.compile(r"/triage/q/immediate_danger/$"))


def answer(page, key, *values):
    page.goto(page.base + f"/triage/q/{key}/")
    for value in values:
        page.check(f"input[name=answer][value={value}]")
    page.click("button:has-text('Continue')")


def leave_without_script(page):
    """Quick exit as the form posts itself without JavaScript: the server ends everything, then
    sends the browser away (the script's own path, a background POST, is the same request)."""
    page.evaluate("document.getElementById('quick-exit-form').submit()")
    expect(page).to_have_url(re.compile(r"/healthz$"))


def test_in_danger_the_call_page_comes_at_once_with_112_and_113_to_tap(phone):
    start(phone)
    phone.check("input[value=yes]")
    phone.click("button:has-text('Continue')")
    expect(phone).to_have_url(re.compile(r"/triage/danger/$"))
    for number in ("112", "113"):
        button = phone.locator(f"a.call-button[href='tel:{number}']")
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300  # large, easy to tap
    assert_no_violations(phone, "call page")
    phone.click("a:has-text('Continue when safe')")
    expect(phone).to_have_url(re.compile(r"/triage/q/needs/$"))


def test_a_friday_night_plan_in_koper_says_nothing_now_then_what_could_open_up(phone):
    start(phone)
    phone.check("input[value=no]")
    phone.click("button:has-text('Continue')")
    answer(phone, "needs", "accommodation")
    answer(phone, "police_identified", "no")
    answer(phone, "migration_status", "temporary_protection")
    phone.goto(phone.base + "/triage/q/municipality/")
    phone.select_option("#id_answer", "koper")
    phone.click("button:has-text('Continue')")
    phone.goto(phone.base + "/triage/results/?at=2026-12-04T22:00")
    plan = phone.locator(".need-plan").first
    expect(plan.locator("h3")).to_have_text("A safe place to stay")
    expect(plan.locator(".nothing-now")).to_have_text("Nothing for this can be reached at that time.")
    expect(plan.locator("a[href='tel:+38631470151']")).to_be_visible()  # the 24-hour line
    expect(plan.locator(".plan-next")).to_contain_text("opens Monday 7. 12. 09:00")
    expect(plan.locator(".plan-unlocks")).to_contain_text("once the police identify the person")
    expect(phone.locator("#plan-heading")).to_have_text("Plan for Friday 4. 12. 2026 22:00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    phone.click(".plan-settings summary")
    assert_no_violations(phone, "Friday-night plan")


def test_back_after_quick_exit_shows_no_answer_on_any_page(phone, settings):
    settings.QUICK_EXIT_URL = phone.base + "/healthz"
    start(phone)
    phone.check("input[value=no]")
    phone.click("button:has-text('Continue')")
    expect(phone).to_have_url(re.compile(r"/triage/q/needs/$"))
    phone.check("input[name=answer][value=accommodation]")
    phone.check("input[name=answer][value=health]")
    phone.click("button:has-text('Continue')")
    phone.wait_for_load_state()
    phone.check("input[name=answer] >> nth=0")
    phone.click("button:has-text('Continue')")
    phone.goto(phone.base + "/triage/results/")
    expect(phone.locator("#plan-heading")).to_be_visible()
    leave_without_script(phone)
    seen = []
    for _ in range(8):
        if phone.go_back() is None and phone.url in seen[-1:]:
            break  # the start of this tab's history
        phone.wait_for_load_state()
        seen.append(phone.url)
        expect(phone.locator("input:checked")).to_have_count(0)
        expect(phone.locator("#main select option:checked:not([value=''])")).to_have_count(0)
        expect(phone.locator("#plan-heading, .need-plan, .suggestion")).to_have_count(0)
    assert seen, "Back went nowhere"


def test_quick_exit_from_a_page_loaded_before_a_sign_in_ends_everything(phone, settings):
    settings.QUICK_EXIT_URL = phone.base + "/healthz"
    start(phone)
    phone.check("input[value=no]")
    phone.click("button:has-text('Continue')")
    stale = phone  # its quick-exit form now holds a token from before the sign-in
    other = phone.context.new_page()
    other.base = phone.base
    sign_in_as_kljuc_member(other)
    expect(other).to_have_url(re.compile(r"/manage/$"))
    leave_without_script(stale)
    other.goto(phone.base + "/manage/")
    expect(other).to_have_url(re.compile(r"/accounts/login/"))  # signed out
    other.goto(phone.base + "/triage/check/")
    expect(other).to_have_url(re.compile(r"/triage/$"))  # the answers ended


def test_the_sticky_quick_exit_bar_never_covers_a_jump_target_or_the_error_summary(phone):
    start(phone)
    phone.click("button:has-text('Continue')")  # no answer: the error summary takes the focus
    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    bar = phone.locator("#quick-exit-form").bounding_box()
    assert summary.bounding_box()["y"] >= bar["y"] + bar["height"] - 1
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    summary.locator("a").first.click()  # the error's link jumps to the field
    field = phone.locator("#id_answer_0")
    expect(field).to_be_in_viewport()
    bar = phone.locator("#quick-exit-form").bounding_box()
    assert field.bounding_box()["y"] >= bar["y"] + bar["height"] - 1
    phone.check("input[value=no]")
    phone.click("button:has-text('Continue')")
    answer(phone, "needs", "psychosocial")
    phone.goto(phone.base + "/triage/results/#s-kljuc-hotline")
    heading = phone.locator("#s-kljuc-hotline")
    expect(heading).to_be_in_viewport()
    bar = phone.locator("#quick-exit-form").bounding_box()
    assert heading.bounding_box()["y"] >= bar["y"] + bar["height"] - 1
    assert run_axe(phone) == []
