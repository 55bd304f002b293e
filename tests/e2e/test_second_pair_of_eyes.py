"""At 375 px: a member signs in for the first time (password, authenticator app, recovery codes),
proposes a new phone for the helpline, and it stays unpublished until a second member approves it
from the link in the mail; axe clean on every new page."""

import re

from django.core import mail
from playwright.sync_api import expect

from directory.models import Contact
from tests.directory.users import make_user
from tests.e2e.conftest import WIDTHS, run_axe, sign_in_as_kljuc_member

EDIT = "/manage/programmes/kljuc-hotline/edit/"


def test_a_phone_change_waits_for_a_second_member_who_approves_it_from_the_mail(phone, browser, catalogue):
    mail.outbox = []
    make_user("ngo-kljuc-2", org="kljuc")  # a colleague, who has not signed in yet today
    sign_in_as_kljuc_member(phone, axe=True, first_time=True)
    phone.goto(phone.base + EDIT)
    value = phone.locator("input[name$='-value'][value='+386801722']")
    value.fill("080 17 99")
    phone.click("button:has-text('Save changes')")
    expect(phone.locator(".alert-info").first).to_contain_text("waits for approval")
    expect(phone.locator("#waiting-heading")).to_be_visible()
    assert run_axe(phone) == []
    phone.goto(phone.base + "/directory/kljuc-hotline/")
    assert phone.locator("a[href='tel:+386801799']").count() == 0  # the public still sees the old number
    assert phone.locator("a[href='tel:+386801722']").count() >= 1

    review = next(m for m in mail.outbox if m.to == ["ngo-kljuc-2@example.org"])
    link = re.search(r"https?://\S+/manage/changes/\d+/", review.body).group(0)
    path = "/manage/changes/" + link.rsplit("/manage/changes/", 1)[1]

    colleague = browser.new_context(viewport=WIDTHS["phone"], locale="en-GB", service_workers="block").new_page()
    colleague.base = catalogue.url
    sign_in_as_kljuc_member(colleague, name="ngo-kljuc-2")
    colleague.goto(colleague.base + path)  # the link in the mail
    expect(colleague.locator("h1")).to_have_text("A change to approve")
    expect(colleague.locator("dd strong")).to_contain_text("+386801799")
    assert run_axe(colleague) == []
    colleague.click("button:has-text('Approve and publish')")
    expect(colleague.locator(".alert-success")).to_contain_text("Approved")
    assert run_axe(colleague) == []
    colleague.goto(colleague.base + "/directory/kljuc-hotline/")
    expect(colleague.locator("a[href='tel:+386801799']").first).to_be_visible()
    assert colleague.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    colleague.context.close()
    assert Contact.objects.filter(value="+386801799").exists()


def test_the_not_us_page_and_the_factors_pages_have_no_violations(phone, catalogue):
    from directory.approvals import not_us_token, propose
    from directory.models import Programme
    from directory.services import Author

    member = sign_in_as_kljuc_member(phone)
    phone.goto(phone.base + "/accounts/factors/")
    expect(phone.locator("h1")).to_have_text("Your second factors")
    assert run_axe(phone) == []
    phone.goto(phone.base + "/manage/changes/")
    assert run_axe(phone) == []
    programme = Programme.objects.get(slug="kljuc-hotline")
    change = propose(
        programme=programme,
        action="status",
        contact=None,
        data={"status": "ended"},
        before={"status": "active"},
        author=Author(make_user("ngo-kljuc-3", org="kljuc")),
    )
    phone.goto(phone.base + f"/not-us/{not_us_token(change, member)}/")
    assert run_axe(phone) == []
    phone.click("button:has-text('Reject the change and lock the account')")
    expect(phone.locator(".alert-success")).to_contain_text("Rejected")
    assert run_axe(phone) == []
