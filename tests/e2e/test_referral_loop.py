"""Closing the loop in real browsers: a worker refers with the person's consent, the provider
accepts on a phone, the worker checks the code and sees "Accepted"; axe on every new page."""

from tests.e2e.conftest import WIDTHS, run_axe, sign_in_as_kljuc_member


def answer(page, key, value):
    page.goto(f"{page.base}/triage/q/{key}/")
    for one in value if isinstance(value, list) else [value]:
        page.check(f"input[name=answer][value={one}]")
    page.click("#main form button[type=submit].btn-primary")


def test_a_worker_refers_the_provider_accepts_on_a_phone_and_the_worker_sees_it(page, browser, live_server):
    from referral.models import GapCount

    page.goto(page.base + "/triage/")
    page.click("#main form button[type=submit].btn-primary")
    answer(page, "immediate_danger", "no")
    answer(page, "migration_status", "asylum_applicant")
    answer(page, "needs", ["legal"])
    page.goto(page.base + "/triage/results/")
    page.click("a[href='/triage/refer/pats/']")
    assert run_axe(page) == []
    page.click("#main form button[type=submit].btn-primary")  # without consent: an error by the field
    assert page.locator("#id_consent[aria-invalid=true]").count() == 1
    assert run_axe(page) == []
    page.check("#id_consent")
    page.check("input[name=needs][value=legal]")
    page.click("#main form button[type=submit].btn-primary")
    code = page.locator("article[aria-labelledby=s-pats] .referral-code .font-monospace").inner_text()
    assert len(code) == 11 and run_axe(page) == []
    assert GapCount.objects.filter(need="legal").exists()

    provider = browser.new_context(viewport=WIDTHS["phone"], locale="en-GB", service_workers="block").new_page()
    provider.base = live_server.url
    sign_in_as_kljuc_member(provider)
    provider.goto(provider.base + "/manage/referrals/")
    card = provider.locator(f"#referral-{code.replace('-', '')}")
    assert card.is_visible() and run_axe(provider) == []
    card.locator("select[name$=status]").select_option("accepted")
    card.locator("button[type=submit]").click()
    assert provider.locator(".alert-success").is_visible()
    assert provider.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    provider.context.close()

    page.goto(page.base + "/referrals/")
    page.fill("#id_code", code.lower())
    page.click("#main form button[type=submit]")
    assert page.locator(".referral-status").inner_text().startswith("Accepted")
    assert run_axe(page) == []


def test_the_gap_report_has_no_violations(page):
    from referral.models import GapCount

    for region, count in [("podravska", 14), ("gorenjska", 3), ("abroad", 22)]:
        GapCount.objects.create(
            month="2026-11", region=region, need="accommodation", outcome="nothing_fits", count=count
        )
    page.goto(page.base + "/reports/gaps/")
    assert page.locator("svg[role=img]").is_visible() and page.locator("table.gap-table").is_visible()
    assert run_axe(page) == []
