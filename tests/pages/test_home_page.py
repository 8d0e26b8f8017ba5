"""The overview adapts to the actor's organisation and role, and shows nothing to non-members."""

import datetime as dt

from django.urls import reverse

from homeward.registry.services import declaration_share, health_certify
from tests.conftest import declare
from tests.pages.conftest import text


def test_a_party_operator_sees_own_counts_and_recent_imports(world, signed_in):
    declare(world.alice, world.party_a)
    declare(world.alice, world.party_a, surname="Шевченко")
    declare(world.alice, world.party_a, kind="sought", surname="Бондар")
    declare(world.bob, world.party_b, surname="Иванов")
    response = signed_in("alice").get(reverse("home"))
    assert response.status_code == 200
    counts = {kind: count for kind, _label, count in response.context["own_counts"]}
    assert counts == {"held": 2, "sought": 1, "deceased_held": 0}
    assert response.context["priority_counts"] == {"total": 2, "seriously_wounded": 0, "ill": 0}
    page = text(response)
    assert "Northern Coordination Office" in page and "Operator" in page
    assert "Recent imports" in page and reverse("registry:import") in page
    assert "Иванов" not in page


def test_the_mediator_sees_counts_per_party_and_kind(world, signed_in):
    declare(world.alice, world.party_a)
    declare(world.bob, world.party_b, surname="Иванов")
    declare(world.bob, world.party_b, kind="deceased_held", surname="Петров")
    response = signed_in("mara").get(reverse("home"))
    rows = {row["short_name"]: row["counts"] for row in response.context["party_counts"]}
    assert rows == {"NCO": [1, 0, 0], "SCO": [1, 0, 1]}
    assert "Neutral Mediation Office" in text(response)


def test_a_medical_officer_sees_records_shared_with_the_service(world, signed_in):
    shared = declare(world.alice, world.party_a)
    declare(world.alice, world.party_a, surname="Шевченко")
    declaration_share(declaration=shared, organisation=world.medical, purpose="care", acting_user=world.alice)
    health_certify(declaration=shared, medical_category="A1", seriously_wounded=True, ill=False,
                   certified_by="commission", certified_on=dt.date(2025, 6, 1), acting_user=world.medic)
    response = signed_in("medic").get(reverse("home"))
    assert response.context["medical_counts"] == {"total": 1, "seriously_wounded": 1, "ill": 0}


def test_an_auditor_sees_the_log_size_and_the_verification_link(world, signed_in):
    response = signed_in("otto").get(reverse("home"))
    assert response.context["audit_size"] >= 0
    assert reverse("audit:verify") in text(response)


def test_a_user_without_an_organisation_gets_no_access(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    response = signed_in("outsider").get(reverse("home"))
    assert response.status_code == 403
    page = text(response)
    assert "No access" in page and "Шевченко" not in page


def test_a_deactivated_user_is_treated_as_signed_out(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    response = signed_in("dora").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
