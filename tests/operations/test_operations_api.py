"""Operations over the API: signatures checked again on every read, the ledger, refusals with a field."""

from __future__ import annotations

from django.test import Client

from homeward.operations import services
from tests.conftest import PASSWORD
from tests.planning.conftest import Exchange


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def test_manifests_outcomes_and_the_ledger(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    made = client_for(world.mara).post("/api/manifests", {"plan": str(approved.public_id), "seats": 10},
                                       content_type="application/json")
    assert made.status_code == 201
    for manifest in made.json():
        for user in (world.carol, exchange.bea, world.mara):
            signed = client_for(user).post(f"/api/manifests/{manifest['id']}/sign").json()
        assert signed["state"] == "signed" and all(s["verifies"] for s in signed["signatures"])
        for person in manifest["content"]["people"]:
            response = client_for(world.mara).post(f"/api/manifests/{manifest['id']}/outcomes", {
                "declaration": person["person"], "outcome": "handed_over", "occurred_at": "2025-06-09T10:00:00Z",
                "place": "Border"}, content_type="application/json")
            assert response.status_code == 201
    ledger = client_for(world.carol).get(f"/api/agreements/{exchange.agreement.public_id}/ledger").json()
    assert ledger["heads"] == {"a": 2, "b": 2} and ledger["quota"]["a"] == "2 of at least 3"


def test_a_bad_outcome_names_its_field_and_others_get_nothing(exchange: Exchange, approved) -> None:  # noqa: ANN001
    world = exchange.world
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10, acting_user=world.mara)[0]
    for user in (world.carol, exchange.bea, world.mara):
        manifest = services.manifest_sign(manifest=manifest, acting_user=user)
    person = manifest.entries.first().declaration
    response = client_for(world.mara).post(f"/api/manifests/{manifest.public_id}/outcomes", {
        "declaration": str(person.public_id), "outcome": "vanished", "occurred_at": "2025-06-09T10:00:00Z",
        "place": "Border"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "outcome"
    for user in (world.medic, world.otto):
        assert client_for(user).get(f"/api/manifests/{manifest.public_id}").status_code == 404
        assert client_for(user).get(f"/api/agreements/{exchange.agreement.public_id}/ledger").status_code == 404


def test_signing_over_the_api_on_an_old_session_is_refused_but_a_token_signs(exchange: Exchange,  # noqa: ANN001
                                                                             approved) -> None:
    import time

    from homeward.accounts.services import api_token_create
    from homeward.accounts.sessions import AUTH_AT
    from homeward.operations.models import DocumentSignature

    world = exchange.world
    manifest = services.manifests_from_plan(plan=approved, vehicle_kind="bus", seats=10, acting_user=world.mara)[0]
    client = client_for(world.carol)
    session = client.session
    session[AUTH_AT] = time.time() - 3600
    session.save()
    refused = client.post(f"/api/manifests/{manifest.public_id}/sign")
    assert refused.status_code == 403 and "/accounts/confirm/" in refused.json()["detail"]
    assert not DocumentSignature.objects.filter(document_id=manifest.public_id).exists()
    _token, raw = api_token_create(user=world.carol, name="signing desk", acting_user=world.carol)
    signed = Client().post(f"/api/manifests/{manifest.public_id}/sign", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert signed.status_code == 200
    assert DocumentSignature.objects.filter(document_id=manifest.public_id).count() == 1
