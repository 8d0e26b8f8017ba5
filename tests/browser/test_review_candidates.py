"""Reviewing match candidates in the browser: party A's operator decides a pair, the mediator sees it decided."""

from __future__ import annotations

import pytest
from django.urls import reverse

from homeward.matching.models import MatchCandidate
from tests.browser.conftest import Browser
from tests.matching.conftest import Queue, lists, queue  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.browser


def test_an_operator_compares_two_records_and_decides(browser: Browser, queue: Queue) -> None:  # noqa: F811
    world = queue.lists.world
    shared = f"a[href='{reverse('matching:candidate', args=[queue.shared.public_id])}']"
    hidden = f"a[href='{reverse('matching:candidate', args=[queue.hidden.public_id])}']"
    browser.sign_in(world.alice)
    browser.go(reverse("matching:queue"))
    browser.step("review queue")
    browser.assert_accessible("review queue (operator)")
    assert browser.has(shared) and not browser.has(hidden)  # B's unshared record is not A's to see

    browser.choose("#id_state", "decided")  # the filter updates the list in place and says so
    browser.htmx_settled()
    browser.until(lambda _d: browser.text("#announcer") != "", message="the filtered list was not announced")
    assert not browser.has(shared) and browser.focused() == browser.find("#id_state")
    browser.choose("#id_state", "open")
    browser.htmx_settled()
    browser.press(shared)
    browser.until_path(r"/reconciliation/candidates/[0-9a-f-]+/")
    browser.step("the two records side by side")
    assert len(browser.all("table.compare tbody tr")) >= 4
    browser.assert_accessible("candidate (operator)")

    browser.press("#decision button[type=submit]")  # no verdict, no reason: the form says what is missing
    browser.htmx_settled()
    browser.until(lambda _d: browser.has("#decision .field--invalid"), message="the form errors were not shown")
    browser.step("decision refused: reason missing")
    assert browser.focused().get_attribute("aria-invalid") == "true"
    assert MatchCandidate.objects.get(pk=queue.shared.pk).verdict == ""
    browser.assert_accessible("candidate with form errors (operator)")

    group = browser.driver.execute_script(  # the choices are read with their question, as a group
        "return document.querySelector('#decision input[name=verdict]').closest('fieldset')"
        "?.querySelector('legend')?.textContent.trim()")
    assert group
    browser.tick("#decision input[name=verdict][value=same]")
    browser.type("#decision textarea[name=reason]", "Same name across scripts, same date of birth, same unit.")
    browser.press("#decision button[type=submit]")
    browser.htmx_settled()
    browser.until(lambda _d: browser.text("#announcer") != "", message="the decision was not announced")
    browser.step("decision recorded")
    assert MatchCandidate.objects.get(pk=queue.shared.pk).verdict == "same"
    assert browser.focused().tag_name != "body"
    browser.assert_accessible("candidate decided (operator)")

    browser.sign_in(world.mara)
    browser.go(reverse("matching:queue") + "?state=decided")
    browser.step("the mediator sees the decision")
    assert browser.has(shared)
    browser.assert_accessible("review queue (mediator)")
