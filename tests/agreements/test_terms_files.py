"""The terms as a file: each version's JSON download, and the published JSON Schema at a stable address."""

import json

import pytest

from homeward_core.eligibility import schema
from tests.agreements.conftest import terms

SCHEMA_URL = "/agreements/terms.schema.json"


def download(agreement, number=1):
    return f"/agreements/{agreement.public_id}/versions/{number}/terms.json"


def test_a_version_downloads_as_the_json_that_was_signed(june, signed_in):
    response = signed_in("bob").get(download(june))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert f'filename="terms-{june.public_id}-v1.json"' in response["Content-Disposition"]
    assert json.loads(response.content) == terms()


@pytest.mark.parametrize(("name", "status"), [("medic", 404), ("outsider", 403), ("dora", 302)])
def test_others_do_not_download_it(june, signed_in, name, status):
    assert signed_in(name).get(download(june)).status_code == status


def test_an_unknown_version_is_not_found(june, signed_in):
    assert signed_in("mara").get(download(june, 2)).status_code == 404


@pytest.mark.parametrize("name", ["carol", "medic", "otto"])
def test_the_schema_is_served_to_signed_in_users(world, signed_in, name):
    response = signed_in(name).get(SCHEMA_URL)
    assert response.status_code == 200 and json.loads(response.content) == schema()


def test_the_schema_needs_a_sign_in(client, world):
    assert client.get(SCHEMA_URL).status_code == 302
