"""Completion counts the remains that are not yet identified, from units and identifications only."""

from __future__ import annotations

from homeward.reports.figures import completion
from tests.remains.conftest import Remains, identify


def test_unidentified_remains_go_down_as_individuals_are_identified(remains: Remains, signed_in) -> None:  # noqa: ANN001
    assert completion(remains.agreement).unidentified == {"a": 3, "b": 2}  # bags counted at receipt
    identify(remains, remains.units(remains.a_to_b)[:2], reference="LAB-7")  # one man across two bags
    assert completion(remains.agreement).unidentified == {"a": 2, "b": 2}
    url = f"/reports/agreements/{remains.agreement.public_id}/statement/"
    page = signed_in("carol").get(url).content.decode()
    name = remains.agreement.party_a.short_name
    assert f"Remains from {name} not yet identified</dt><dd>2</dd>" in page
