"""A phase plan in the browser: the mediator drafts and adjusts it, both coordinators and the mediator approve it."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from homeward.planning.models import PhasePlan
from tests.browser.conftest import Browser
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def age_the_sign_in(browser: Browser, seconds: int) -> None:
    """Make the browser's sign-in look ``seconds`` old, as after a long shift at the workstation."""
    from django.contrib.sessions.backends.db import SessionStore

    from homeward.accounts.sessions import AUTH_AT

    session = SessionStore(session_key=browser.driver.get_cookie("sessionid")["value"])
    session[AUTH_AT] = time.time() - seconds
    session.save()


def test_a_plan_is_drafted_adjusted_and_approved_by_all_three(browser: Browser, exchange: Exchange) -> None:  # noqa: F811
    world = exchange.world
    browser.sign_in(world.mara)
    browser.go(reverse("planning:index"))
    browser.step("phases of the agreement")
    browser.assert_accessible("phase plans (mediator)")
    day_one = next(form for form in browser.all(f"form[action='{reverse('planning:draft')}']")
                   if form.find_element("css selector", "input[name=phase]").get_attribute("value") == "0")
    browser.driver.execute_script("arguments[0].setAttribute('data-test', 'day-one')", day_one)
    browser.press("form[data-test=day-one] button[type=submit]")
    browser.until_path(r"/planning/[0-9a-f-]+/")
    first = PhasePlan.objects.get()
    assert first.state == "draft" and first.summary["feasible"]
    browser.step("version 1 drafted")
    browser.assert_accessible("plan detail, draft (mediator)")

    browser.choose("#id_status", "not_selected")  # who is eligible but not on the bus, updated in place
    browser.htmx_settled()
    browser.until(lambda _d: browser.text("#announcer") != "", message="the filtered list was not announced")
    assert browser.focused() == browser.find("#id_status")
    browser.choose("#id_status", "selected")
    browser.htmx_settled()
    out = first.entries.filter(selected=True, side="b").order_by("id").first().declaration
    row = f"#entries form:has(input[name=declaration][value='{out.public_id}'])"
    browser.type(f"{row} input[name=note]", "unfit to travel this week")
    browser.step("an exclusion about to be made")
    browser.press(f"{row} button[value=exclude]")
    browser.until(lambda _d: PhasePlan.objects.filter(version=2).exists(), message="no second version")
    second = PhasePlan.objects.get(version=2)
    browser.until_path(reverse("planning:detail", args=[second.public_id]))
    assert browser.has("#difference") and "unfit to travel this week" in browser.text("main")
    assert not second.entries.get(declaration=out).selected
    browser.step("version 2 with the change")
    browser.press(f"form[action='{reverse('planning:propose', args=[second.public_id])}'] button")
    browser.until(lambda _d: PhasePlan.objects.get(pk=second.pk).state == "proposed", message="not proposed")
    browser.wait_ready()
    browser.step("proposed for approval")
    browser.assert_accessible("plan detail, proposed (mediator)")

    approve = f"form[action='{reverse('planning:approve', args=[second.public_id])}'] button"
    plan_page = reverse("planning:detail", args=[second.public_id])
    browser.sign_in(world.carol)
    browser.go(plan_page)
    browser.assert_accessible("plan detail, to approve (coordinator)")
    browser.press(approve)
    browser.until(lambda _d: second.approvals.filter(organisation=world.party_a).exists(), message="A did not approve")

    # Party B's coordinator signed in long ago: approving asks for the password first, then the button again.
    browser.sign_in(exchange.bea)
    age_the_sign_in(browser, 3600)
    browser.go(plan_page)
    browser.press(approve)
    browser.until_path(reverse("accounts:confirm"))
    browser.step("approval asks for the password again")
    browser.assert_accessible("confirm password (coordinator)")
    assert not second.approvals.filter(organisation=world.party_b).exists()
    browser.type("input[name=password]", "correct-horse-battery-staple")
    browser.press("main form button[type=submit]")
    browser.until_path(plan_page)
    browser.press(approve)
    browser.until(lambda _d: second.approvals.filter(organisation=world.party_b).exists(), message="B did not approve")

    browser.sign_in(world.mara)
    browser.go(plan_page)
    browser.press(approve)
    browser.until(lambda _d: PhasePlan.objects.get(pk=second.pk).state == "approved", message="not approved")
    browser.go(plan_page)
    browser.step("approved by all three")
    assert not browser.has(approve)
    browser.assert_accessible("plan detail, approved (mediator)")
