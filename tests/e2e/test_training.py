"""A trainee on a phone (375 px) interviews a night case with the field's questions, picks where
to refer, and reads the feedback: who can be reached at that hour, the questions against the
questionnaire's, plain words; axe clean on each page."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import run_axe

CASE = "temporary-protection-koper-night"  # Friday 22:00 in Koper


def no_violations(page, where):
    violations = run_axe(page)
    assert violations == [], f"{where}:\n" + "\n".join(violations)


def test_a_trainee_interviews_a_night_case_on_a_phone_and_reads_the_feedback(phone):
    phone.goto(phone.base + "/training/")
    phone.click(f"a[href='/training/{CASE}/interview/']")
    expect(phone.locator("text=When:")).to_be_visible()
    no_violations(phone, "interview, nothing asked")
    for key in ["immediate_danger", "needs", "migration_status", "exploitation", "municipality"]:
        phone.click(f"button[name=ask][value={key}]")
    answers = phone.locator("ol li[id^=answer-]")
    expect(answers).to_have_count(5)
    expect(answers.nth(2)).to_contain_text("Temporary protection")
    no_violations(phone, "interview, five answers")
    phone.click("button[name=finish]")
    phone.wait_for_url(re.compile(r"/refer/$"))
    for slug in ["caritas-24h-line", "uoim-integration-support", "kljuc-hotline", "pats"]:
        phone.check(f"input[name=picked][value={slug}]")
    phone.click("button:has-text('Check my referrals')")
    expect(phone.locator("#summary")).to_contain_text("You found 3 of the 5 services the person needs.")
    expect(phone.locator("#summary")).to_contain_text("One choice would have sent the person somewhere")
    reachable = phone.locator("section[aria-labelledby=reachable-heading]")
    expect(reachable).to_contain_text("Friday")
    expect(reachable).to_contain_text("Caritas")
    expect(phone.locator("section[aria-labelledby=interview-heading]")).to_contain_text("You asked 5 questions")
    expect(phone.locator("text=You asked about danger first")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    no_violations(phone, "training feedback after an interview")
