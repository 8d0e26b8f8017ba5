"""The handover pages: a phase walked from approved plan to signed protocol, and who sees after-care."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from homeward.operations import services
from homeward.operations.models import DocumentSignature, HandoverOutcome
from homeward.registry.services import declaration_share
from tests.conftest import PASSWORD
from tests.planning.conftest import Exchange


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def test_a_phase_is_walked_from_the_pages(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    mediator = client_for(world.mara)
    assert mediator.post(f"/operations/plans/{approved.public_id}/manifests/",
                         {"vehicle_kind": "bus", "seats": "10"}).status_code == 302
    manifests = list(approved.manifests.all())
    assert len(manifests) == 2
    for manifest in manifests:
        for user in (world.carol, exchange.bea, world.mara):
            client_for(user).post(f"/operations/manifests/{manifest.public_id}/sign/")
        page = mediator.get(f"/operations/manifests/{manifest.public_id}/").content.decode()
        assert page.count("verifies ✓") == 3
        for entry in manifest.entries.all():
            mediator.post(f"/operations/manifests/{manifest.public_id}/outcome/", {
                "declaration": str(entry.declaration.public_id), "outcome": "handed_over",
                "occurred_at": "2025-06-09T10:30", "place": "Border crossing 4"})
    assert HandoverOutcome.objects.count() == 4
    mediator.post(f"/operations/plans/{approved.public_id}/protocol/create/")
    for user in (world.carol, exchange.bea, world.mara):
        client_for(user).post(f"/operations/plans/{approved.public_id}/protocol/sign/")
    assert DocumentSignature.objects.filter(kind="protocol").count() == 3
    ledger = client_for(world.carol).get(f"/operations/agreements/{exchange.agreement.public_id}/ledger/")
    assert "2 of at least 3" in ledger.content.decode()


def test_outcomes_are_refused_for_parties_and_errors_are_shown(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10, acting_user=world.mara)[0]
    entry = manifest.entries.first()
    response = client_for(world.mara).post(f"/operations/manifests/{manifest.public_id}/outcome/", {
        "declaration": str(entry.declaration.public_id), "outcome": "handed_over",
        "occurred_at": "2025-06-09T10:30", "place": "Border"}, follow=True)
    assert "signed by all three" in response.content.decode()
    response = client_for(world.carol).post(f"/operations/manifests/{manifest.public_id}/outcome/", {
        "declaration": str(entry.declaration.public_id), "outcome": "handed_over",
        "occurred_at": "2025-06-09T10:30", "place": "Border"})
    assert response.status_code == 403
    assert not HandoverOutcome.objects.exists()


@pytest.mark.parametrize("who", ["medic", "otto", "outsider"])
def test_others_see_no_manifest(exchange: Exchange, approved, who: str) -> None:  # noqa: ANN001
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10,
                                            acting_user=exchange.world.mara)[0]
    response = client_for(getattr(exchange.world, who)).get(f"/operations/manifests/{manifest.public_id}/")
    assert response.status_code in (403, 404)


def test_after_care_is_for_the_persons_own_side_and_the_medical_service(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    manifest = next(m for m in services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10,
                                                            acting_user=world.mara) if m.side == "a")
    for user in (world.carol, exchange.bea, world.mara):
        manifest = services.manifest_sign(manifest=manifest, acting_user=user)
    entry = manifest.entries.first()
    person = entry.declaration
    services.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(), place="Border",
                             acting_user=world.mara)
    declaration_share(declaration=person, organisation=world.medical, purpose="transit care", acting_user=world.alice)
    services.aftercare_record(declaration=person, stage="transit_care", occurred_at=timezone.now(),
                              facility="Transit hospital 2", country="Westland", acting_user=world.medic)
    for user, sees in ((world.bob, True), (world.medic, True), (world.mara, True), (world.alice, False),
                       (world.otto, False)):
        text = client_for(user).get("/operations/aftercare/").content.decode()
        assert ("Transit hospital 2" in text) is sees, user
    with pytest.raises(services.NotAllowed):
        services.aftercare_record(declaration=person, stage="repatriated", occurred_at=timezone.now(),
                                  acting_user=world.alice)


def test_the_statement_counts_records_and_suppresses_small_cells_in_public(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    for manifest in services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10, acting_user=world.mara):
        for user in (world.carol, exchange.bea, world.mara):
            manifest = services.manifest_sign(manifest=manifest, acting_user=user)
        for entry in manifest.entries.all():
            services.handover_record(entry=entry, outcome="handed_over", occurred_at=timezone.now(), place="Border",
                                     acting_user=world.mara)
    url = f"/reports/agreements/{exchange.agreement.public_id}/statement/"
    internal = client_for(world.carol).get(url).content.decode()
    assert "2 returned;" in internal
    public = client_for(world.carol).get(url + "?public=1").content.decode()
    assert "fewer than 5 returned" in public and "2 returned" not in public
    assert "Still held by" in public
    assert client_for(world.medic).get(url).status_code == 404


def test_signing_on_an_old_sign_in_asks_for_the_password_and_signs_nothing(exchange: Exchange, approved) -> None:  # noqa: ANN001
    import time

    from homeward.accounts.sessions import AUTH_AT

    world = exchange.world
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10, acting_user=world.mara)[0]
    client = client_for(world.carol)
    session = client.session
    session[AUTH_AT] = time.time() - 3600
    session.save()
    url = f"/operations/manifests/{manifest.public_id}/sign/"
    response = client.post(url, HTTP_REFERER=f"http://testserver/operations/manifests/{manifest.public_id}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/?next=")
    htmx = client.post(url, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/accounts/confirm/")
    assert not DocumentSignature.objects.filter(document_id=manifest.public_id).exists()
