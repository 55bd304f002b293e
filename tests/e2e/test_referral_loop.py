"""Closing the loop in real browsers: a worker refers with the person's consent, the provider
accepts on a phone, the worker checks the code and sees "Accepted"; axe on every new page."""

from playwright.sync_api import expect

from tests.e2e.conftest import WIDTHS, run_axe, sign_in_as_kljuc_member


def answer(page, key, value):
    page.goto(f"{page.base}/triage/q/{key}/")
    for one in value if isinstance(value, list) else [value]:
        page.check(f"input[name=answer][value={one}]")
    page.click("#main form button[type=submit].btn-primary")


def test_a_worker_refers_the_provider_accepts_on_a_phone_and_the_worker_sees_it(phone, browser, catalogue):
    from referral.models import GapCount

    phone.goto(phone.base + "/triage/")
    phone.click("#main form button[type=submit].btn-primary")
    answer(phone, "immediate_danger", "no")
    answer(phone, "migration_status", "asylum_applicant")
    answer(phone, "needs", ["legal"])
    phone.goto(phone.base + "/triage/results/")
    phone.click("a[href='/triage/refer/pats/']")
    assert run_axe(phone) == []
    phone.click("#main form button[type=submit].btn-primary")  # without consent: an error by the field
    expect(phone.locator("#id_consent[aria-invalid=true]")).to_have_count(1)  # waits for the answer
    assert run_axe(phone) == []
    phone.check("#id_consent")
    phone.check("input[name=needs][value=legal]")
    phone.click("#main form button[type=submit].btn-primary")
    code = phone.locator("article[aria-labelledby=s-pats] .referral-code .font-monospace").inner_text()
    assert len(code) == 11 and run_axe(phone) == []
    assert GapCount.objects.filter(need="legal").exists()

    provider = browser.new_context(viewport=WIDTHS["phone"], locale="en-GB", service_workers="block").new_page()
    provider.base = catalogue.url
    sign_in_as_kljuc_member(provider)
    provider.goto(provider.base + "/manage/referrals/")
    card = provider.locator(f"#referral-{code.replace('-', '')}")
    expect(card).to_be_visible()
    assert run_axe(provider) == []
    card.locator("select[name$=status]").select_option("accepted")
    card.locator("button[type=submit]").click()
    expect(provider.locator(".alert-success")).to_be_visible()
    assert provider.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    provider.context.close()

    phone.goto(phone.base + "/referrals/")
    phone.fill("#id_code", code.lower())
    phone.click("#main form button[type=submit]")
    assert phone.locator(".referral-status").inner_text().startswith("Accepted")
    assert run_axe(phone) == []


def test_the_gap_report_has_no_violations(page):
    from referral.models import GapCount

    for region, count in [("podravska", 14), ("gorenjska", 3), ("abroad", 22)]:
        GapCount.objects.create(
            month="2026-11", region=region, need="accommodation", outcome="nothing_fits", count=count
        )
    page.goto(page.base + "/reports/gaps/")
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.locator("table.gap-table")).to_be_visible()
    assert run_axe(page) == []
