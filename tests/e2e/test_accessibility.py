"""axe-core in the real browser: no WCAG 2.1 A or AA violation on any main page or state."""

from playwright.sync_api import expect

from referral.models import Scenario
from tests.e2e.conftest import run_axe, sign_in_as_kljuc_member

PUBLIC = [
    "/",
    "/directory/",
    "/directory/?exploitation=labour&open_now=on",
    "/directory/?municipality=atlantis",  # an invalid filter with its error
    "/directory/kljuc-hotline/",
    "/directory/safe-accommodation/",
    "/organisations/kljuc/",
    "/directory/no-such-programme/",  # the 404 page
    "/triage/",
    "/triage/q/immediate_danger/",  # yes / no
    "/triage/q/migration_status/",  # one of many
    "/triage/q/needs/",  # choose all that apply
    "/triage/q/municipality/",  # a long select list
    "/training/",
    "/training/boy-begging-at-market/",
    "/accounts/login/",
    "/directory/kljuc-hotline/report/",
]


def assert_no_violations(page, where):
    violations = run_axe(page)
    assert violations == [], f"{where}:\n" + "\n".join(violations)


def test_public_pages_have_no_violations(page):
    found = []
    for path in PUBLIC:  # one browser session for all: each page is checked, all failures reported
        page.goto(page.base + path)
        found += [f"{path}: {v}" for v in run_axe(page)]
    assert found == [], "\n".join(found)


def test_question_error_check_answers_results_and_sheet_have_no_violations(page):
    page.goto(page.base + "/triage/")
    page.click("button.btn-primary")
    page.click("button:has-text('Continue')")  # no answer: the error state
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, "question with an error")
    page.check("input[value=yes]")
    page.click("button:has-text('Continue')")
    page.click("a:has-text('Continue when safe')")  # past the call page
    page.click("button[name=skip]")
    page.goto(page.base + "/triage/check/")
    assert_no_violations(page, "check your answers")
    page.goto(page.base + "/triage/results/")
    page.click("details summary")  # the "not suitable" list opened
    assert_no_violations(page, "results")
    page.goto(page.base + "/triage/sheet/")
    assert_no_violations(page, "the person's language, asked")
    page.goto(page.base + "/triage/sheet/?lang=en")
    assert_no_violations(page, "referral sheet")


def test_manage_pages_have_no_violations(page):
    sign_in_as_kljuc_member(page)
    for path in [
        "/manage/",
        "/manage/programmes/kljuc-hotline/edit/",
        "/manage/programmes/kljuc-hotline/history/",
        "/manage/programmes/kljuc-hotline/criteria/",
        "/manage/programmes/safe-accommodation/places/",
        "/manage/reports/",
    ]:
        page.goto(page.base + path)
        assert_no_violations(page, path)
    page.goto(page.base + "/manage/programmes/kljuc-hotline/edit/")
    page.fill("#id_name_sl", "")
    page.click("button:has-text('Save changes')")
    assert_no_violations(page, "edit page with errors")


def test_training_feedback_has_no_violations(page):
    slug = Scenario.objects.first().slug
    page.goto(page.base + f"/training/{slug}/")
    page.click("button:has-text('Continue')")
    page.check("input[name=picked][value=kljuc-hotline]")
    page.click("button:has-text('Check my referrals')")
    assert_no_violations(page, "training feedback")


def test_results_and_sheet_with_notes_closed_lines_and_other_needs_have_no_violations(page):
    """Friday 22:00 (the server's clock travels; time keeps ticking): pathway notes, the "nothing
    can be reached now" section, contacts' next openings and the "other needs" section."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(datetime(2026, 12, 4, 22, 0, tzinfo=ZoneInfo("Europe/Ljubljana")), tick=True):
        page.goto(page.base + "/triage/")
        page.click("button.btn-primary")
        page.check("input[value=no]")  # in danger: no
        page.click("button:has-text('Continue')")
        page.check("input[name=answer][value=legal]")  # needs
        page.click("button:has-text('Continue')")
        page.goto(page.base + "/triage/q/migration_status/")
        page.check("input[value=asylum_applicant]")
        page.click("button:has-text('Continue')")
        page.goto(page.base + "/triage/results/")
        expect(page.locator(".nothing-now").first).to_be_visible()
        for summary in page.locator("details summary").all():
            summary.click()
        assert_no_violations(page, "results, Friday night")
        page.goto(page.base + "/triage/sheet/?lang=en")
        assert_no_violations(page, "referral sheet, Friday night")


def test_report_form_with_errors_inbox_with_a_report_and_freshness_have_no_violations(page):
    from directory.models import ProblemReport, Programme

    page.goto(page.base + "/directory/kljuc-hotline/report/")
    page.click("button:has-text('Send the report')")  # no reason: the error state
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, "report form with an error")
    ProblemReport.objects.create(programme=Programme.objects.get(slug="kljuc-hotline"), reason="hours_wrong", text="x")
    member = sign_in_as_kljuc_member(page)
    page.goto(page.base + "/manage/reports/")
    assert_no_violations(page, "reports inbox with an open report")
    type(member).objects.filter(pk=member.pk).update(is_staff=True)  # the same person, now staff
    page.goto(page.base + "/manage/freshness/")
    assert_no_violations(page, "freshness page")
