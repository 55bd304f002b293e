"""Real-browser tests: Playwright drives the system Chromium (Playwright cannot download browsers
here). Without /usr/bin/chromium every test in this folder is skipped, and says why."""

import os
import shutil
from pathlib import Path

import pytest

# Chromium's old headless shell (Debian's chromium-headless-shell) draws the same pages for about
# two thirds of the CPU time of the full browser; the full one serves where the shell is missing.
CHROMIUM = os.environ.get("KAZIPOT_CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if shutil.which(path)),
    "/usr/bin/chromium",
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls are still
# plain synchronous code, so Django's async guard is lifted for the browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()

MISSING = None if shutil.which(CHROMIUM) else f"Chromium not installed at {CHROMIUM}: browser tests skipped"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def _new_page(browser, server, width, workers="block"):
    context = browser.new_context(viewport=WIDTHS[width], locale="en-GB", service_workers=workers)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = server.url
    page.width_name = width
    return page


@pytest.fixture
def phone(request, browser, catalogue):
    """A page at the phone width: journeys run there, where the field uses them. The service worker
    fetches in the background (its precache): only the offline tests let it run, so that no request
    reaches the live server while the database is being put back."""
    workers = "allow" if request.node.get_closest_marker("service_worker") else "block"
    page = _new_page(browser, catalogue, "phone", workers)
    yield page
    page.context.close()


@pytest.fixture
def page(phone):
    """The page of the accessibility tests: a phone's, whose axe runs check both widths."""
    return phone


def run_axe(page):
    """WCAG 2.1 A and AA violations (plus heading order) on the current page, at the phone width and
    at the desktop width (the same page laid out again, not loaded again), as readable lines."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    found, size = [], page.viewport_size
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules: {'heading-order': {enabled: true}},
                 resultTypes: ['violations']})"""
        )
        found += [
            f"[{width}] {v['id']} ({v['impact']}): {v['help']} — {', '.join(n['target'][0] for n in v['nodes'][:3])}"
            for v in result["violations"]
        ]
    page.set_viewport_size(size)
    return found


def tab_to(page, selector, limit=60):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def sign_in_as_kljuc_member(page, name="ngo-kljuc", axe=False, first_time=False):
    """A member of kljuc signs in through the real form: the password, then (the first time) an
    authenticator app set up from the key on the page and the recovery codes, or (`first_time`
    False: an app set up before) the app's code; then the dashboard."""
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from tests.directory.users import make_user

    user = get_user_model().objects.filter(username=name).first() or make_user(name, org="kljuc")
    user.set_password("a-long-passphrase-42")
    user.save()
    if not first_time:
        from tests.factors import app_of

        app_of(user)
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", "a-long-passphrase-42")
    page.click("#main form button[type=submit]")
    if not first_time:
        from tests.factors import app_of, code_now

        page.wait_for_url("**/accounts/factors/verify/**")
        page.fill("#id_code", code_now(app_of(user)))
        page.click("#main form button[type=submit]")
        page.wait_for_url("**/manage/")
        return user
    page.wait_for_url("**/accounts/factors/setup/**")
    if axe:
        assert run_axe(page) == []
    page.fill("#id_code", app_code(page.locator("#factor-secret").inner_text()))
    page.click("#main form button[type=submit]")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    if axe:
        assert run_axe(page) == []
    page.click("text=I have kept them: continue")
    page.wait_for_url("**/manage/")
    return user


def app_code(secret):
    """What an authenticator app shows now for the key typed from the set-up page."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret.replace(' ', ''))):06d}"  # at the real clock's time
