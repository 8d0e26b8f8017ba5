"""The agreements API: scoped reads with the terms JSON, and writes with 400 (field, path), 403, 404 and 409."""

import pytest

from homeward.accounts.services import api_token_create
from homeward.agreements.models import Agreement, Proposal, Talks
from tests.agreements.conftest import terms

BASE = "/api/agreements"


@pytest.fixture
def api(world, berta):
    """api("carol") -> a client sending carol's bearer token, with json helpers."""

    class Caller:
        def __init__(self, user):
            from django.test import Client

            self.client = Client()
            self.auth = f"Bearer {api_token_create(user=user, name='test', acting_user=user)[1]}"

        def get(self, path):
            return self.client.get(BASE + path, HTTP_AUTHORIZATION=self.auth)

        def post(self, path, body):
            return self.client.post(BASE + path, body, content_type="application/json", HTTP_AUTHORIZATION=self.auth)

    return lambda name: Caller(berta if name == "berta" else getattr(world, name))


def test_it_lists_talks_and_agreements_with_the_signatories_still_to_sign(june, api):
    talks = api("bob").get("/talks").json()
    assert [t["title"] for t in talks] == ["Talks at Istanbul, 2 June 2025"]
    body = api("bob").get("").json()
    assert [(a["title"], a["state"], a["current_version"], a["still_to_sign"]) for a in body] == [
        (june.title, "in_force", 1, [])]
    assert body[0]["talks"] == str(june.talks.public_id) and len(body[0]["proposals"]) == 2


def test_talks_come_with_their_proposals_and_responses(june, api):
    body = api("otto").get(f"/talks/{june.talks.public_id}").json()
    rejected = [p for p in body["proposals"] if p["state"] == "rejected"]
    assert rejected[0]["response"].startswith("Rejected: a ceasefire")
    assert body["delegation_a"].startswith("Head of delegation")


def test_versions_carry_the_terms_json_and_signatures(june, api):
    versions = api("carol").get(f"/{june.public_id}/versions").json()
    assert versions[0]["terms"] == terms() and versions[0]["number"] == 1
    assert {s["organisation"]["short_name"] for s in versions[0]["signatures"]} == {"NCO", "SCO", "NMO"}
    assert api("carol").get(f"/{june.public_id}/versions/1").json()["terms"] == terms()
    assert api("carol").get(f"/{june.public_id}/versions/2").status_code == 404


def test_what_the_caller_may_not_see_is_not_found(june, api):
    caller = api("medic")
    assert caller.get("").json() == [] and caller.get("/talks").json() == []
    for path in (f"/{june.public_id}", f"/{june.public_id}/versions", f"/talks/{june.talks.public_id}"):
        assert caller.get(path).status_code == 404


def test_it_requires_authentication(client, june):
    assert client.get(BASE).status_code == 401


def test_the_whole_flow_through_the_api(world, api):
    mara, carol, berta = api("mara"), api("carol"), api("berta")
    created = mara.post("/talks", {"title": "Talks at Doha", "held_on": "2025-07-01", "venue": "Doha",
                                   "party_a": str(world.party_a.public_id), "party_b": str(world.party_b.public_id)})
    assert created.status_code == 201
    talks_id = created.json()["id"]
    tabled = carol.post(f"/talks/{talks_id}/proposals", {"title": "500 for 500", "text": "Five hundred each."})
    assert tabled.status_code == 201 and tabled.json()["proposed_by"]["short_name"] == "NCO"
    proposal_id = tabled.json()["id"]
    decided = berta.post(f"/proposals/{proposal_id}/decision", {"state": "accepted", "decided_on": "2025-07-01"})
    assert decided.status_code == 200 and decided.json()["state"] == "accepted"
    agreement = mara.post("", {"talks": talks_id, "proposals": [proposal_id], "title": "Doha agreement",
                               "terms": terms(quota={"at_least": 500})})
    assert agreement.status_code == 201 and agreement.json()["still_to_sign"] == ["NCO", "SCO", "NMO"]
    agreement_id = agreement.json()["id"]
    for caller in (carol, berta, mara):
        assert caller.post(f"/{agreement_id}/versions/1/signatures", {"signed_on": "2025-07-01"}).status_code == 201
    in_force = mara.post(f"/{agreement_id}/state", {"state": "in_force"})
    assert in_force.status_code == 200 and in_force.json()["state"] == "in_force"
    added = mara.post(f"/{agreement_id}/versions", {"terms": terms(quota={"at_least": 600}), "note": "600"})
    assert added.status_code == 201 and added.json()["number"] == 2 and added.json()["signatures"] == []


def test_refused_terms_answer_400_with_the_field_and_path(draft, api):
    response = api("mara").post(f"/{draft.public_id}/versions",
                                {"terms": terms(parity={"regime": "per_category"}), "note": "x"})
    assert response.status_code == 400
    body = response.json()
    assert (body["field"], body["path"]) == ("terms", "parity.categories")
    assert "names its categories" in body["detail"]


def test_a_role_that_may_not_act_is_403(draft, talks, api, world):
    assert api("bob").post(f"/talks/{talks.public_id}/proposals", {"title": "x", "text": "y"}).status_code == 403
    assert api("alice").post(f"/{draft.public_id}/versions/1/signatures", {}).status_code == 403
    assert api("otto").post(f"/{draft.public_id}/state", {"state": "in_force"}).status_code == 403
    assert api("carol").post("/talks", {"title": "x", "held_on": "2025-07-01", "venue": "v",
                                        "party_a": str(world.party_a.public_id),
                                        "party_b": str(world.party_b.public_id)}).status_code == 403
    assert not Talks.objects.filter(title="x").exists() and not Proposal.objects.filter(title="x").exists()


def test_conflicts_are_409(draft, api):
    assert api("carol").post(f"/{draft.public_id}/versions/1/signatures", {}).status_code == 201
    again = api("carol").post(f"/{draft.public_id}/versions/1/signatures", {})
    assert again.status_code == 409 and "already signed" in again.json()["detail"]
    early = api("mara").post(f"/{draft.public_id}/state", {"state": "in_force"})
    assert early.status_code == 409 and "SCO, NMO" in early.json()["detail"]


def test_a_decided_proposal_is_a_conflict_and_a_bad_party_a_400(world, berta, june, api):
    ceasefire = june.talks.proposals.get(state="rejected")
    response = api("berta").post(f"/proposals/{ceasefire.public_id}/decision",
                                 {"state": "accepted", "decided_on": "2025-06-03"})
    assert response.status_code == 409
    bad = api("mara").post("/talks", {"title": "x", "held_on": "2025-07-01", "venue": "v",
                                      "party_a": str(world.medical.public_id),
                                      "party_b": str(world.party_b.public_id)})
    assert bad.status_code == 400 and bad.json()["field"] == "party_a"


def test_an_agreement_cannot_take_a_proposal_from_other_talks(world, draft, talks, api, june):
    ceasefire = june.talks.proposals.get(state="rejected")
    response = api("mara").post("", {"talks": str(talks.public_id), "proposals": [str(ceasefire.public_id)],
                                     "title": "x", "terms": terms()})
    assert response.status_code == 400 and response.json()["field"] == "proposals"
    assert not Agreement.objects.filter(title="x").exists()


def test_the_endpoints_are_in_the_published_openapi_document(june, api):
    paths = api("carol").client.get("/api/openapi.json").json()["paths"]
    assert {"/api/agreements/talks", "/api/agreements/{public_id}/versions/{number}/signatures"} <= set(paths)


def _schema_classes(base):
    for sub in base.__subclasses__():
        yield sub
        yield from _schema_classes(sub)


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document names components by class name: a second class of the same name silently
    replaces the first, and endpoints of another area would publish the wrong schema."""
    from ninja import Schema

    import homeward.api.views  # noqa: F401 (imports every router's schemas)

    names = [cls.__name__ for cls in set(_schema_classes(Schema)) if cls.__module__.startswith("homeward")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
