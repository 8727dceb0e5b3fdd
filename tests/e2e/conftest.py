"""End-to-end tests: Playwright for Python driving Debian's Chromium against a live server
on the real PostgreSQL, with axe-core (from npm) checking WCAG 2.1 A and AA on every page
a journey visits.

On failure a screenshot and the page's HTML are kept in `test-artifacts/e2e/`.

The journeys are driven by the keyboard alone (issue 9): the helpers at the end of this file
move the focus with Tab only and act with Enter, Space, arrow keys and typing, never with
click(), fill(), select_option(), check(), set_input_files() or focus().
"""

import json
import os
import re
from datetime import date, datetime
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
                # Date fields take their segment order from the browser's own language:
                # fix it, so kb_fill types month, day, year whatever the machine's locale.
                "--lang=en-US",
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
    # Catch file choosers from the start: Playwright subscribes to them without waiting, so a
    # subscription made just before the key press that opens one can come too late.
    page.on("filechooser", lambda chooser: None)
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


def here(page) -> str:
    """The path (and query) of the current page, without the #main a skip link leaves."""
    return page.url.removeprefix(page.base).split("#")[0]


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
    """Log in on the (Swedish) log-in page, by keyboard."""
    page.goto(page.base + "/account/login/")
    kb_fill(page, page.get_by_label("E-postadress"), email)
    kb_fill(page, page.get_by_label("Lösenord"), password)
    kb_click(page, page.get_by_role("button", name="Logga in"))
    page.wait_for_url(page.base + "/")


@pytest.fixture
def make_user(transactional_db):
    from tests.factories.organizations import UserFactory

    def make(**kwargs):
        kwargs.setdefault("password", PASSWORD)
        user = UserFactory(**kwargs)
        return user

    return make


# --- Keyboard -------------------------------------------------------------------------
# Every step of a journey is done with these: Tab moves the focus from wherever it is (on a
# fresh page, through the skip link to the main content, as a keyboard user does), and each
# control is operated the way a keyboard user operates it. A control that Tab cannot reach,
# or that shows no focus when reached, fails the test: that is an accessibility bug to fix
# in the template, not in the test.

IS_FOCUSED = "el => el === document.activeElement"
# WCAG 2.4.7: the focused element is on screen and has an outline or a focus shadow.
FOCUS_VISIBLE = """el => {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return (outline || style.boxShadow !== 'none') && box.width > 0 && box.height > 0;
}"""
OUTER = "el => el.outerHTML.slice(0, 160)"
AT_PAGE_START = "() => !document.activeElement || document.activeElement === document.body"
# Enter on this element loads another page: a link, or the submit button of a form without
# htmx that the browser's own validation lets through.
NAVIGATES = """el => {
    const htmx = node => !!node && [...node.attributes].some(a => /^(data-)?hx-/.test(a.name));
    if (el.tagName === 'A') {
        const href = el.getAttribute('href') || '';
        return href !== '' && !href.startsWith('#') && !el.hasAttribute('download') && !htmx(el);
    }
    const form = el.form;
    return el.type === 'submit' && !!form && !htmx(el) && !htmx(form)
        && (form.noValidate || el.formNoValidate || form.checkValidity());
}"""


def skip_to_main(page) -> None:
    """On a fresh page: Tab to the skip link (the first stop, visibly focused), follow it."""
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate(IS_FOCUSED), f"the first Tab stop is not the skip link: {focused(page)}"
    assert skip.evaluate(FOCUS_VISIBLE), "the focused skip link is not visible"
    page.keyboard.press("Enter")
    assert page.locator("main").evaluate(IS_FOCUSED), "the skip link does not move the focus"


def at_page_start(page) -> bool:
    """The page has just loaded: nothing has the focus and no #fragment moved the start."""
    return "#" not in page.url and page.evaluate(AT_PAGE_START)


def focused(page) -> str:
    """The start of the focused element's HTML, for failure messages."""
    return page.evaluate(f"() => ({OUTER})(document.activeElement || document.body)")


def tab_until(page, reached, what: str, *, limit: int = 300) -> None:
    """Press Tab until `reached()` is true; fail if `limit` presses do not get there."""
    for _ in range(limit):
        if reached():
            return
        page.keyboard.press("Tab")
    if not reached():
        pytest.fail(f"Tab does not reach {what} ({limit} presses); the focus is on {focused(page)}")


def tab_to(page, target, *, limit: int = 300) -> None:
    """Move the focus to `target` with Tab, from where it is, and check the focus shows.

    On a fresh page (focus on the body) a target in the main content is reached through the
    skip link first, unless the address names a place on the page (#...): Tab starts there."""
    target.wait_for()
    handle = target.element_handle()
    if at_page_start(page) and handle.evaluate("el => !!el.closest('main')"):
        skip_to_main(page)
    tab_until(page, lambda: handle.evaluate(IS_FOCUSED), str(target), limit=limit)
    assert handle.evaluate(FOCUS_VISIBLE), f"no visible focus on {focused(page)}"


def kb_press(page, target, key: str) -> None:
    """Tab to `target` and press `key`; wait for the next page when that loads one."""
    tab_to(page, target)
    if key in ("Enter", "Space") and target.evaluate(NAVIGATES):
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def kb_click(page, target) -> None:
    """Follow a link or press a button (Enter), or toggle a checkbox (Space)."""
    kind = target.evaluate("el => el.type")
    if kind == "radio":
        kb_choose(page, target)
    else:
        kb_press(page, target, "Space" if kind == "checkbox" else "Enter")


def kb_check(page, target, checked: bool = True) -> None:
    """Tab to a checkbox and press Space if it is not already as wanted."""
    tab_to(page, target)
    if target.is_checked() != checked:
        page.keyboard.press("Space")
    assert target.is_checked() == checked, f"Space did not toggle {focused(page)}"


def kb_choose(page, radio) -> None:
    """Choose a radio button: Tab into its group (onto the checked one, or the first), then
    arrow down to it (arrows check as they move) or press Space when already on it."""
    radio.wait_for()
    name = radio.get_attribute("name")
    group = radio.evaluate("el => el.form ? el.form.elements[el.name].length || 1 : 1")

    def in_group():
        return page.evaluate(
            "name => (el => el.type === 'radio' && el.name === name)(document.activeElement)", name
        )

    if at_page_start(page):
        skip_to_main(page)
    tab_until(page, in_group, f"the radio group {name!r}")
    if radio.evaluate(IS_FOCUSED):
        page.keyboard.press("Space")
    for _ in range(group):
        if radio.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert radio.is_checked(), f"arrow keys do not reach {radio} in its group"
    assert radio.evaluate(FOCUS_VISIBLE), f"no visible focus on {focused(page)}"


def kb_fill(page, target, text: str | date | datetime) -> None:
    """Tab to a text field and replace its text by typing; date fields are typed segment by
    segment (month, day, year; then hour, minute, AM/PM) as Chromium shows them."""
    tab_to(page, target)
    kind = target.evaluate("el => el.type")
    if kind == "date":
        value = text if isinstance(text, date) else date.fromisoformat(str(text))
        page.keyboard.type(value.strftime("%m%d%Y"))
        text = value.isoformat()
    elif kind == "datetime-local":
        value = text if isinstance(text, datetime) else datetime.fromisoformat(str(text))
        page.keyboard.type(value.strftime("%m%d%Y"))
        page.keyboard.press("Tab")  # from the year to the hour
        page.keyboard.type(value.strftime("%I%M") + ("A" if value.hour < 12 else "P"))
        text = value.strftime("%Y-%m-%dT%H:%M")
    else:
        page.keyboard.press("ControlOrMeta+A")
        if text:
            page.keyboard.type(str(text))
        else:
            page.keyboard.press("Delete")
    assert target.input_value() == text, f"typing did not give {text!r} in {focused(page)}"


def kb_select(page, target, label: str | None = None, *, value: str | None = None) -> None:
    """Tab to a drop-down list and move its choice with the arrow keys to the option whose
    text is `label` (or whose value is `value`)."""
    tab_to(page, target)
    options = target.evaluate("el => [...el.options].map(o => [o.textContent.trim(), o.value])")
    wanted = (label, 0) if label is not None else (value, 1)
    matches = [index for index, option in enumerate(options) if option[wanted[1]] == wanted[0]]
    assert matches, f"no option {wanted[0]!r} in {options}"

    def chosen():
        return target.evaluate("el => el.selectedIndex")

    key = "ArrowDown" if matches[0] > chosen() else "ArrowUp"
    for _ in range(len(options)):
        if chosen() in matches:
            break
        page.keyboard.press(key)
    assert chosen() in matches, f"arrow keys do not reach {wanted[0]!r} in {focused(page)}"


def kb_select_many(page, target, labels: list[str]) -> None:
    """Choose exactly the options named `labels` in a multiple-choice list: Ctrl+arrows move
    through the options without changing the choice, Ctrl+Space toggles one."""
    tab_to(page, target)
    chosen = target.evaluate("el => [...el.options].map(o => [o.textContent.trim(), o.selected])")
    missing = set(labels) - {text for text, _ in chosen}
    assert not missing, f"no options {missing} in {chosen}"
    page.keyboard.press("Control+Home")
    for index, (text, selected) in enumerate(chosen):
        if index:
            page.keyboard.press("Control+ArrowDown")
        if selected != (text in labels):
            page.keyboard.press("Control+Space")
    now = target.evaluate("el => [...el.selectedOptions].map(o => o.textContent.trim())")
    assert sorted(now) == sorted(labels), f"chose {now}, not {labels}"


def kb_menu(page, name: str) -> None:
    """Follow the main menu's link `name` (the menu is open at desktop width); a link in a
    drop-down (Procurement, Sharing, the account) is reached by opening it with Enter."""
    link = page.locator("header nav").get_by_role(
        "link", name=name, exact=True, include_hidden=True
    )
    dropdown = link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]")
    if dropdown.count() and not link.is_visible():
        kb_press(page, dropdown.locator("[data-bs-toggle=dropdown]"), "Enter")
        link.wait_for(state="visible")
    kb_click(page, link)


def kb_upload(page, target, path) -> None:
    """Tab to a file field, open the file chooser with Space and pick `path`."""
    tab_to(page, target)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


def kb_download(page, target):
    """Tab to a download link, press Enter and return the download."""
    tab_to(page, target)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return download.value


def error_message(page, control) -> str:
    """The error message tied to a field, or to a fieldset of choices, after a bad submit:
    the field (each choice) is marked aria-invalid and its aria-describedby names a visible
    message (Django's `<id>_error`). Returns the message."""
    group = control.evaluate("el => el.tagName === 'FIELDSET'")
    marked = control.locator("input") if group else control
    for index in range(marked.count()):
        invalid = marked.nth(index).get_attribute("aria-invalid")
        assert invalid == "true", f"not marked invalid: {marked.nth(index).evaluate(OUTER)}"
    described = (control.get_attribute("aria-describedby") or "").split()
    shown = [
        page.locator(f"[id='{ident}']").inner_text().strip()
        for ident in described
        if ident.endswith("_error") and page.locator(f"[id='{ident}']").is_visible()
    ]
    assert any(shown), f"no visible error named by aria-describedby: {control.evaluate(OUTER)}"
    return " ".join(shown)
