"""The OpenAPI document says what clients really receive: the refusals common to every operation, exact forms."""

from __future__ import annotations

from homeward.accounts.services import api_token_create
from homeward.api.views import api


def _document() -> dict:
    return api.get_openapi_schema()


def test_every_operation_documents_the_common_refusals() -> None:
    document = _document()
    missing = [f"{method.upper()} {path}: {status}" for path, operations in document["paths"].items()
               for method, operation in operations.items() for status in (401, 403, 404, 422)
               if status not in operation["responses"] and str(status) not in operation["responses"]]
    assert missing == []
    assert document["components"]["schemas"]["RequestInvalidSchema"]["required"] == ["detail"]


def test_the_refusals_have_the_documented_bodies(client, world) -> None:
    token = api_token_create(user=world.alice, name="doc", acting_user=world.alice)[1]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    unauthorised = client.get("/api/declarations")
    missing = client.get("/api/declarations/6f1b0c9e-3d4a-4f7e-9a51-0c2d8e7b4a10", **bearer)
    invalid = client.post("/api/declarations", "{}", content_type="application/json", **bearer)
    assert (unauthorised.status_code, missing.status_code, invalid.status_code) == (401, 404, 422)
    assert isinstance(unauthorised.json()["detail"], str) and isinstance(missing.json()["detail"], str)
    assert isinstance(invalid.json()["detail"], list)


def test_the_roster_upload_form_takes_exactly_its_fields_and_no_empty_ones(client, world) -> None:
    form = _document()["paths"]["/api/imports"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["additionalProperties"] is False
    assert form["properties"]["kind"]["minLength"] == 1 and form["properties"]["file"]["minLength"] == 1
    token = api_token_create(user=world.alice, name="doc", acting_user=world.alice)[1]
    # An empty kind is refused as the document says (422), not taken for a kind of list.
    response = client.post("/api/imports", {"kind": "", "file": b""}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
