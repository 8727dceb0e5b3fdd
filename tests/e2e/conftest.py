"""End-to-end tests: Playwright for Python driving Debian's Chromium against a live server
on the real PostgreSQL, with axe-core (from npm) checking WCAG 2.1 A and AA on every page
a journey visits.

On failure a screenshot and the page's HTML are kept in `test-artifacts/e2e/`.
"""

import json
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls our set-up
# makes are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
PASSWORD = "e2e-Pass-word-42"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: ./dev test installs it with apt")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request, live_server):
    # bypass_csp lets the test inject axe-core; the app's own pages never inline scripts.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base = live_server.url
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Forms with data-confirm ask window.confirm(); the person clicks OK.
    page.on("dialog", lambda dialog: dialog.accept())
    page.language = "sv"
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
            (folder / "page.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # keep what we can
            (folder / "error.txt").write_text(repr(exc))
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def check_accessibility(page, *, label: str = "") -> None:
    """Run axe-core's WCAG 2.1 A and AA rules on the current page; fail on any violation."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations']
        })"""
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe-core found WCAG violations on {label or page.url}:\n" + json.dumps(
        violations, indent=2, ensure_ascii=False
    )


def check_everywhere(page, url: str, *, label: str = "") -> None:
    """Check a page in Swedish and English, at desktop and mobile widths."""
    for language in ("sv", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
        for viewport in (DESKTOP, MOBILE):
            page.set_viewport_size(viewport)
            page.goto(page.base + url)
            check_accessibility(page, label=f"{label or url} [{language}, {viewport['width']}px]")
    set_language(page, getattr(page, "language", "sv"))
    page.set_viewport_size(DESKTOP)


def set_language(page, language: str) -> None:
    page.language = language
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])


def field(page, label: str):
    """The form field labelled exactly `label` (crispy marks required ones with a '*')."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def act_as(page, email: str, *, language: str = "en") -> None:
    """Log out whoever was logged in, log in as `email` and work in `language`.

    Journeys are driven in English (the msgids); check_everywhere checks Swedish too."""
    page.context.clear_cookies()
    set_language(page, "sv")
    login(page, email)
    set_language(page, language)


def login(page, email: str, password: str = PASSWORD) -> None:
    page.goto(page.base + "/account/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(page.base + "/")


@pytest.fixture
def make_user(transactional_db):
    from tests.factories.organizations import UserFactory

    def make(**kwargs):
        kwargs.setdefault("password", PASSWORD)
        user = UserFactory(**kwargs)
        return user

    return make
