"""Headless Chromium for the end-to-end tests, with axe-core on every page that loads.

Every page the browser loads is checked with axe-core (WCAG 2.x A/AA rules); the test fails at
the end if any page had a serious or critical violation. Any request to another host than the
test server is blocked and fails the test too: no page may call a third party.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
READY_SCRIPT = """() => document.readyState === 'complete' &&
  [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet !== null)"""
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


@dataclass
class PageAudit:
    axe: Axe = field(default_factory=Axe)
    checked_urls: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    third_party_requests: list[str] = field(default_factory=list)

    def check(self, page) -> None:
        from playwright.sync_api import Error as PlaywrightError

        if page.is_closed() or not page.url.startswith("http"):
            return
        try:
            # The handler runs after the test has moved on; check only a fully loaded page
            # (all stylesheets applied), not a document that is half-way a new navigation.
            page.wait_for_load_state("load", timeout=10_000)
            if not page.evaluate(READY_SCRIPT):
                return
            results = self.axe.run(page, options=AXE_OPTIONS)
        except PlaywrightError:
            # The test navigated on before axe finished; the next page load is checked instead.
            return
        self.checked_urls.append(page.url)
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.violations.append(
                    f"{page.url}: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} at {targets}"
                )


def launch_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return playwright, browser


def open_page(browser, base_url: str):
    """A new page on the live server, audited; returns (context, page, audit)."""
    audit = PageAudit()
    context = browser.new_context(base_url=base_url, locale="nl-NL")
    context.set_default_timeout(15_000)
    allowed_host = urlparse(base_url).netloc

    def guard(route):
        host = urlparse(route.request.url).netloc
        if route.request.url.startswith(("data:", "blob:")) or host == allowed_host:
            route.continue_()
        else:
            audit.third_party_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("load", lambda: audit.check(page))
    return context, page, audit


def assert_clean(audit: PageAudit) -> None:
    problems = audit.violations + [f"third-party request: {u}" for u in audit.third_party_requests]
    if problems:
        pytest.fail("Browser audit failed:\n" + "\n".join(problems), pytrace=False)


def login_resident_in_browser(page, bsn: str) -> None:
    """Signs in through the mock DigiD page, as a resident would."""
    page.goto("/inloggen/digid-test/")
    page.get_by_label("Of typ een BSN").fill(bsn)
    page.get_by_role("button", name="Inloggen").click()


def login_staff_in_browser(page, user, password: str = "correct-horse-battery") -> None:
    """Signs a staff member in with password and the current TOTP code, as a person would."""
    from django_otp.oath import totp

    page.goto("/inloggen/medewerker/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Volgende").click()
    device = user.totpdevice_set.get(confirmed=True)
    page.get_by_label("Code uit uw app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Inloggen").click()


def logout_in_browser(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
