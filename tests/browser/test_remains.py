"""Remains in the browser: party A announces a transfer, party B counts the units it received and its
forensic laboratory records an identification."""

from __future__ import annotations

import pytest
from django.urls import reverse

from homeward.remains.models import Identification, RemainsTransfer
from tests.browser.conftest import Browser
from tests.remains.conftest import Remains, remains  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_a_transfer_is_announced_counted_and_identified(browser: Browser, remains: Remains) -> None:  # noqa: F811
    world = remains.world
    before = set(RemainsTransfer.objects.values_list("pk", flat=True))
    browser.sign_in(world.alice)
    browser.go(reverse("remains:index"))
    browser.assert_accessible("remains (operator)")
    browser.go(reverse("remains:agreement", args=[remains.agreement.public_id]))
    browser.step("the agreement's remains")
    browser.assert_accessible("agreement remains (operator)")
    browser.type("#id_place", "Border crossing 7")
    browser.type("#id_claimed_individuals", "2")
    browser.type("#id_note", "two men, one casket")
    browser.press(f"form[action='{reverse('remains:agreement', args=[remains.agreement.public_id])}'] "
                  "button[type=submit]")
    browser.until_path(r"/remains/transfers/[0-9a-f-]+/")
    transfer = RemainsTransfer.objects.exclude(pk__in=before).get()
    assert (transfer.sender, transfer.state, transfer.claimed_individuals) == (world.party_a, "announced", 2)
    browser.step("announced")

    browser.sign_in(world.bob)
    browser.go(reverse("remains:transfer", args=[transfer.public_id]))
    browser.assert_accessible("transfer to receive (operator)")
    browser.type("#id_units", "A-101\nA-102, casket")
    browser.step("units counted")
    browser.press(f"form[action='{reverse('remains:receive', args=[transfer.public_id])}'] button[type=submit]")
    browser.until(lambda _d: RemainsTransfer.objects.get(pk=transfer.pk).units.count() == 2, message="not received")
    browser.wait_ready()
    browser.find("#unit-list")
    browser.step("received")
    browser.assert_accessible("transfer received (operator)")
    browser.choose("#id_show", "identified")  # the unit list narrows in place and says how many it shows
    browser.htmx_settled()
    browser.until(lambda _d: browser.text("#announcer") != "", message="the filtered units were not announced")
    assert not browser.has("#unit-list tbody tr") and browser.focused() == browser.find("#id_show")

    browser.sign_in(remains.fiona)
    browser.go(reverse("remains:identifications"))
    browser.step("identifications")
    browser.assert_accessible("identifications (laboratory)")
    browser.choose("#id_transfer", str(transfer.public_id))
    browser.type("#id_labels", "A-102")
    browser.choose("#id_method", "dna")
    browser.type("#id_laboratory", "Central DVI laboratory")
    browser.type("#id_laboratory_reference", "LAB-2025-0042")
    browser.choose("#id_own_party", "receiving")
    browser.type("#id_person", str(remains.sought_by_b.public_id))
    browser.step("an identification filled in")
    browser.press(f"form[action='{reverse('remains:identifications')}'] button[type=submit]")
    browser.until_path(r"/remains/identifications/[0-9a-f-]+/")
    identification = Identification.objects.get(laboratory_reference="LAB-2025-0042")
    assert identification.own_party == world.party_b
    assert list(identification.units.values_list("label", flat=True)) == ["A-102"]
    browser.step("identified")
    browser.assert_accessible("identification (laboratory)")
