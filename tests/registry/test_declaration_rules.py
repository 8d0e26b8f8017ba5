"""The rules a declaration's values obey, enforced by the services for pages, API, commands and imports."""

import datetime as dt

import pytest

from homeward.audit.models import AuditEntry
from homeward.registry import imports
from homeward.registry.models import Declaration
from homeward.registry.services import InvalidField, declaration_correct
from tests.conftest import declare
from tests.imports.helpers import commit, roster, upload_and_check

TOMORROW = dt.date.today() + dt.timedelta(days=2)


@pytest.mark.parametrize(("kind", "values", "field"), [
    ("prisoner", {}, "kind"),
    ("held", {"legal_status": "enemy"}, "legal_status"),
    ("held", {"surname": "   "}, "surname"),
    ("held", {"given_name": None}, "given_name"),
    ("held", {"birth_year": 1990, "birth_month": 13}, "birth_month"),
    ("held", {"birth_month": 4}, "birth_month"),
    ("held", {"birth_year": 1990, "birth_month": 2, "birth_day": 30}, "birth_day"),
    ("held", {"birth_year": 1850}, "birth_year"),
    ("held", {"birth_year": "nineteen"}, "birth_year"),
    ("held", {"captured_on": "2024-13-01"}, "captured_on"),
    ("held", {"captured_on": TOMORROW}, "captured_on"),
    ("held", {"rank": "x" * 81}, "rank"),
    ("held", {"unit": "в/ч\x00"}, "unit"),
    ("held", {"name_script": "klingon"}, "name_script"),
])
def test_an_invalid_value_is_refused_naming_its_field_and_nothing_is_written(world, kind, values, field):
    logged = AuditEntry.objects.count()
    with pytest.raises(InvalidField) as refused:
        declare(world.alice, world.party_a, kind=kind, **values)
    assert refused.value.field == field and field in str(refused.value)
    assert not Declaration.objects.exists()
    assert AuditEntry.objects.count() == logged


def test_values_are_trimmed_and_typed(world):
    person = declare(world.alice, world.party_a, surname=" Коваленко ", birth_year="1999", captured_on="2024-03-05")
    person.refresh_from_db()
    assert (person.surname, person.birth_year, person.captured_on) == ("Коваленко", 1999, dt.date(2024, 3, 5))


def test_a_correction_is_checked_against_the_whole_record(world):
    person = declare(world.alice, world.party_a)
    with pytest.raises(InvalidField, match="birth_month: needs a year of birth"):
        declaration_correct(declaration=person, expected_version=1, changes={"birth_month": 5},
                            reason="from the capture card", acting_user=world.alice)
    person.refresh_from_db()
    assert (person.version, person.birth_month) == (1, None)


def test_a_roster_reference_used_by_another_record_is_refused_naming_the_field(world):
    declare(world.alice, world.party_a, external_ref="A-1")
    other = declare(world.alice, world.party_a, surname="Шевченко", external_ref="A-2")
    with pytest.raises(InvalidField, match="external_ref: 'A-1' is already used"):
        declare(world.carol, world.party_a, surname="Бондаренко", external_ref="A-1")
    with pytest.raises(InvalidField, match="external_ref"):
        declaration_correct(declaration=other, expected_version=1, changes={"external_ref": "A-1"},
                            reason="typo", acting_user=world.alice)
    assert sorted(Declaration.objects.values_list("external_ref", flat=True)) == ["A-1", "A-2"]
    assert declare(world.bob, world.party_b, external_ref="A-1").external_ref == "A-1"  # per party


def test_an_import_correcting_onto_a_taken_reference_is_refused_whole(world):
    declare(world.alice, world.party_a, external_ref="A-1")
    other = declare(world.alice, world.party_a, surname="Шевченко", external_ref="A-2")
    header = "homeward_id,Номер запису,Прізвище,Ім'я\n"
    batch = upload_and_check(world.alice, world.party_a,
                             roster(f"{other.public_id},A-1,Шевченко,Андрій", header=header))
    # Refused by the check already, naming the row and field; nothing written.
    assert batch.state == "rejected"
    assert [(p["row"], p["field"], p["reason"]) for p in batch.report] == [
        (2, "external_ref", "'A-1' is used by another of your records")]
    with pytest.raises(imports.ImportError_):
        commit(world.alice, batch)
    other.refresh_from_db()
    assert (other.external_ref, other.version) == ("A-2", 1)
