"""The handover in the browser: manifests signed by both parties and the mediator, outcomes at the border,
and a returned man moved through after-care by the transit state's medical officer."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.operations import services
from homeward.operations.models import AftercareEvent, DocumentSignature, HandoverOutcome, Manifest
from homeward.registry.services import declaration_share
from tests.browser.conftest import Browser
from tests.operations.conftest import approved  # noqa: F401  (the fixture)
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_a_manifest_is_signed_by_all_three_and_the_outcomes_recorded(
        browser: Browser, exchange: Exchange, approved: Any) -> None:  # noqa: F811
    world = exchange.world
    browser.sign_in(world.mara)
    browser.go(reverse("operations:index"))
    browser.step("handovers: an approved plan")
    browser.assert_accessible("handovers (mediator)")
    make = f"form[action='{reverse('operations:manifests_make', args=[approved.public_id])}']"
    browser.choose(f"{make} select[name=vehicle_kind]", "bus")
    browser.type(f"{make} input[name=seats]", "10")
    browser.press(f"{make} button[type=submit]")
    browser.until(lambda _d: Manifest.objects.filter(plan=approved).count() == 2, message="no manifests made")
    manifest = Manifest.objects.get(plan=approved, side="a")
    page = reverse("operations:manifest", args=[manifest.public_id])
    sign = f"form[action='{reverse('operations:manifest_sign', args=[manifest.public_id])}'] button"

    for number, user in enumerate((world.carol, exchange.bea, world.mara), start=1):
        browser.sign_in(user)
        browser.go(page)
        if number == 1:
            browser.step("a manifest to sign")
            browser.assert_accessible("manifest to sign (coordinator)")
        browser.press(sign)
        browser.until(lambda _d, n=number: DocumentSignature.objects.filter(
            document_id=manifest.public_id).count() == n, message=f"signature {number} missing")
        browser.wait_ready()
    manifest.refresh_from_db()
    assert manifest.state == "signed" and not browser.has(sign)
    assert len(browser.all("main .plain-list__row .flag--alert")) == 0  # every signature verifies
    browser.step("signed by all three")
    browser.assert_accessible("manifest signed (mediator)")

    entries = list(manifest.entries.select_related("declaration").order_by("id"))
    for entry, outcome in zip(entries, ("handed_over", "unfit"), strict=True):
        form = f"form:has(input[name=declaration][value='{entry.declaration.public_id}'])"
        browser.choose(f"{form} select[name=outcome]", outcome)
        browser.type(f"{form} input[name=place]", "Border crossing 4")
        browser.press(f"{form} button[type=submit]")
        browser.until(lambda _d, e=entry: HandoverOutcome.objects.filter(entry=e).exists(), message="no outcome")
        browser.wait_ready()
    browser.step("outcomes recorded")
    assert dict(HandoverOutcome.objects.values_list("entry__declaration", "outcome")) == {
        entries[0].declaration_id: "handed_over", entries[1].declaration_id: "unfit"}
    assert not browser.has("main form select[name=outcome]")
    browser.assert_accessible("manifest with outcomes (mediator)")

    browser.go(reverse("operations:ledger", args=[exchange.agreement.public_id]))
    browser.step("the parity ledger")
    browser.assert_accessible("parity ledger (mediator)")
    browser.go(reverse("operations:protocol", args=[approved.public_id]))
    browser.step("the phase protocol")
    browser.assert_accessible("phase protocol (mediator)")


def test_the_medical_officer_moves_a_returned_man_through_after_care(
        browser: Browser, exchange: Exchange, approved: Any) -> None:  # noqa: F811
    world = exchange.world
    manifest = next(m for m in services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10,
                                                            acting_user=world.mara) if m.side == "a")
    for user in (world.carol, exchange.bea, world.mara):
        manifest = services.manifest_sign(manifest=manifest, acting_user=user)
    returned, kept = (entry.declaration for entry in manifest.entries.order_by("id"))
    for person in (returned, kept):
        services.handover_record(entry=services.entry_for(manifest, person), outcome="handed_over",
                                 occurred_at=timezone.now(), place="Border crossing 4", acting_user=world.mara)
    declaration_share(declaration=returned, organisation=world.medical, purpose="transit care",
                      acting_user=world.alice)

    browser.sign_in(world.medic)
    browser.go(reverse("operations:aftercare"))
    browser.step("after-care: one returned man shared with the medical service")
    browser.assert_accessible("after-care (medical officer)")
    form = f"form:has(input[name=declaration][value='{returned.public_id}'])"
    assert not browser.has(f"form:has(input[name=declaration][value='{kept.public_id}'])")  # not shared with us
    for stage, facility in (("transit_care", "Transit hospital 2"), ("repatriated", ""),
                            ("rehabilitation", "Rehabilitation centre 1")):
        browser.choose(f"{form} select[name=stage]", stage)
        browser.type(f"{form} input[name=facility]", facility)
        browser.type(f"{form} input[name=country]", "Westland" if stage == "transit_care" else "")
        browser.press(f"{form} button[type=submit]")
        browser.until(lambda _d, s=stage: AftercareEvent.objects.filter(declaration=returned, stage=s).exists(),
                      message=f"{stage} not recorded")
        browser.wait_ready()
    browser.step("three steps recorded")
    assert list(AftercareEvent.objects.filter(declaration=returned).order_by("occurred_at", "id")
                .values_list("stage", flat=True)) == ["transit_care", "repatriated", "rehabilitation"]
    assert len(browser.all(f"tr:has(input[name=declaration][value='{returned.public_id}']) ol li")) == 3
    browser.assert_accessible("after-care with steps (medical officer)")
