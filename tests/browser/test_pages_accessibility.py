"""Every main page the workflow tests do not pass through, scanned by axe-core as the role that uses it,
and the page-wide keyboard and screen-reader behaviour: the skip link, and HTMX updates that announce themselves.

The workflow tests (import, review, plan, handover, after-care, remains) scan the pages they walk
through; this tour covers the rest, so that together every main page is scanned for its users.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tests.browser.accessibility import AxeReport
from tests.browser.conftest import Browser
from tests.matching.conftest import make_lists, proposal, stored_run
from tests.remains.conftest import Remains, identify, remains  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def tour(remains: Remains) -> list[tuple[Any, list[tuple[str, str]]]]:  # noqa: F811
    """(user, [(page, path)]) for each role, built from the records of the scenario."""
    world = remains.world
    agreement = remains.agreement
    talks = agreement.talks
    lists = make_lists(world)
    run = stored_run(world.mara, "sought_held", world.party_a, world.party_b,
                     [proposal(lists.a_kovalenko, lists.b_kovalenko, 0.97, 6.1)])
    identification = identify(remains, remains.units(remains.a_to_b)[:1], person=remains.sought_by_b)
    return [
        (world.alice, [
            ("home (operator)", reverse("home")),
            ("registry (operator)", reverse("registry:list")),
            ("person (operator)", reverse("registry:detail", args=[lists.a_kovalenko.public_id])),
            ("capture card and bureau record (operator)",
             reverse("reports:person_forms", args=[lists.a_kovalenko.public_id])),
        ]),
        (world.carol, [
            ("home (coordinator)", reverse("home")),
            ("agreements (coordinator)", reverse("agreements:index")),
            ("agreement (coordinator)", reverse("agreements:detail", args=[agreement.public_id])),
            ("talks (coordinator)", reverse("agreements:talks", args=[talks.public_id])),
            ("statement (coordinator)", reverse("reports:statement", args=[agreement.public_id])),
            ("agreement dashboard (coordinator)", reverse("reports:dashboard", args=[agreement.public_id])),
            ("authenticator setup (coordinator)", reverse("accounts:otp_setup")),
            ("security keys (coordinator)", reverse("accounts:security_keys")),
        ]),
        (world.mara, [
            ("home (mediator)", reverse("home")),
            ("reconciliation (mediator)", reverse("matching:index")),
            ("reconciliation run (mediator)", reverse("matching:run", args=[run.public_id])),
            ("remains identifications (mediator)", reverse("remains:identifications")),
        ]),
        (remains.berta, [
            ("identification (coordinator)", reverse("remains:identification", args=[identification.public_id])),
        ]),
        (world.medic, [("home (medical officer)", reverse("home"))]),
        (world.otto, [
            ("home (auditor)", reverse("home")),
            ("audit log (auditor)", reverse("audit:log")),
            ("audit verification (auditor)", reverse("audit:verify")),
        ]),
    ]


def test_every_main_page_has_no_serious_or_critical_violation(browser: Browser, remains: Remains) -> None:  # noqa: F811
    reports: list[AxeReport] = []
    browser.go(reverse("accounts:login"))
    browser.step("sign-in page")
    reports.append(browser.axe("sign-in (anyone)"))
    browser.go(reverse("public:statistics"))
    browser.step("public statistics")
    reports.append(browser.axe("public statistics (anyone)"))
    for user, pages in tour(remains):
        browser.sign_in(user)
        for page, path in pages:
            browser.go(path)
            browser.step(page)
            reports.append(browser.axe(page))
    blocking = [report for report in reports if report.blocking]
    assert not blocking, "\n".join(report.describe() for report in blocking)


def test_the_skip_link_is_the_first_tab_stop_and_moves_to_the_content(browser: Browser, remains: Remains) -> None:  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    browser.sign_in(remains.world.alice)
    browser.go(reverse("registry:list"))
    browser.find("body").send_keys(Keys.TAB)
    skip = browser.focused()
    assert skip.get_attribute("class") == "skip-link" and skip.is_displayed()
    browser.step("skip link shown on the first Tab")
    skip.send_keys(Keys.ENTER)
    browser.until(lambda _d: browser.focused().get_attribute("id") == "main", message="focus did not move to main")


def announced(browser: Browser, act: Callable[[], None]) -> str:
    """What the live region says after ``act`` changed part of the page."""
    browser.driver.execute_script("document.getElementById('announcer').textContent = ''")
    act()
    browser.htmx_settled()
    browser.until(lambda _d: browser.text("#announcer") != "", message="the update was not announced")
    return browser.text("#announcer")


def test_htmx_updates_keep_the_focus_and_are_announced(browser: Browser, remains: Remains) -> None:  # noqa: F811
    world = remains.world
    browser.sign_in(world.bob)
    browser.go(reverse("registry:list"))
    said = announced(browser, lambda: browser.type("#id_q", "Смирнов"))
    assert "1" in said and browser.focused() == browser.find("#id_q")
    assert len(browser.all("#results tbody tr")) == 1
    browser.step("search narrowed as you type")

    browser.sign_in(world.carol)
    browser.go(reverse("agreements:index"))
    options = [o.get_attribute("value") for o in browser.all("#id_show option")]
    announced(browser, lambda: browser.choose("#id_show", options[-1]))
    assert browser.focused() == browser.find("#id_show")
    browser.step("timeline filtered")

    browser.go(reverse("agreements:detail", args=[remains.agreement.public_id]))
    version = browser.all("#main a[hx-get^='?version=']")[0]
    number = version.text
    browser.driver.execute_script("arguments[0].setAttribute('data-test', 'version')", version)
    said = announced(browser, lambda: browser.press("a[data-test=version]"))
    assert number in said and browser.focused() == browser.find("a[data-test=version]")
    browser.step("an earlier version of the terms shown in place")
    browser.assert_accessible("agreement, earlier terms (coordinator)")


def test_the_scan_runs_under_the_pages_content_security_policy_and_finds_planted_faults(
        browser: Browser, live_server: Any) -> None:
    """axe-core is injected by WebDriver, which the policy does not govern; the page's own inline script is
    still refused, and the scan reports the faults planted in it (so a clean scan means something)."""
    import urllib.request

    with urllib.request.urlopen(live_server.url + reverse("accounts:login")) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    browser.go(reverse("accounts:login"))
    inline_ran = browser.driver.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
        "document.head.appendChild(s); return window.inlineRan === true;")
    assert inline_ran is False  # the policy is in force in this browser
    browser.driver.execute_script(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        "'<img src=\"/static/homeward/favicon.svg\"><input name=\"unlabelled\"><p id=\"faint\">faint text</p>');"
        "Object.assign(document.getElementById('faint').style, {color: '#bbb', background: '#fff'});")
    found = {violation["id"]: violation["impact"] for violation in browser.axe("planted faults").violations}
    assert found.get("image-alt") == "critical" and found.get("label") == "critical"
    assert found.get("color-contrast") == "serious"
