"""Roster imports through the services: dry run, all-or-nothing commit, idempotency, ownership."""

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.audit.models import AuditEntry
from homeward.registry.models import Declaration
from tests.conftest import declare
from tests.imports.helpers import commit, roster, upload, upload_and_check

GOOD = ("A-1,Коваленко,Олександр,Петрович,12.03.1999,військовополонений",
        "A-2,Шевченко,Андрій,,1987,",
        "A-3,Kovalenko,Oleksandr,,03.1990,civilian internee")


def test_a_clean_roster_is_checked_then_committed(world):
    batch = upload_and_check(world.alice, world.party_a, roster(*GOOD))
    assert (batch.state, batch.row_count, batch.error_count, batch.new_count) == ("validated", 3, 0, 3)
    assert Declaration.objects.count() == 0  # the dry run writes nothing
    batch = commit(world.alice, batch)
    assert batch.state == "committed"
    people = {d.external_ref: d for d in Declaration.objects.all()}
    assert (people["A-1"].birth_year, people["A-1"].birth_month, people["A-1"].birth_day) == (1999, 3, 12)
    assert (people["A-2"].birth_year, people["A-2"].birth_month) == (1987, None)
    assert people["A-3"].legal_status == "civilian_internee"
    assert people["A-3"].name_script == "latn"
    assert all(d.party == world.party_a and d.source_batch == batch for d in people.values())


def test_one_bad_row_rejects_the_whole_file_with_row_field_and_reason(world):
    batch = upload_and_check(world.alice, world.party_a, roster(*GOOD, "A-4,=HYPERLINK(\"x\"),Іван,,31.02.1990,"))
    assert batch.state == "rejected"
    reasons = {(p["row"], p["field"]) for p in batch.report}
    assert reasons == {(5, "surname"), (5, "birth_date")}
    with pytest.raises(Exception, match="Only a checked import"):
        commit(world.alice, batch)
    assert Declaration.objects.count() == 0


def test_the_same_file_twice_is_one_batch(world):
    data = roster(*GOOD)
    first, new_first = upload(world.alice, world.party_a, data)
    second, new_second = upload(world.carol, world.party_a, data)
    assert (new_first, new_second, first.pk) == (True, False, second.pk)


def test_committing_twice_writes_the_rows_once(world):
    batch = commit(world.alice, upload_and_check(world.alice, world.party_a, roster(*GOOD)))
    from homeward.registry import imports
    imports.import_commit(batch=batch, acting_user=world.alice)
    assert Declaration.objects.count() == 3


def test_an_operator_of_party_b_cannot_import_into_party_a(world):
    for intruder in (world.bob, world.mara, world.medic, world.otto):
        with pytest.raises(NotAllowed):
            upload(intruder, world.party_a, roster(*GOOD))


def test_a_file_of_another_partys_ids_is_refused_without_saying_they_exist(world):
    theirs = declare(world.bob, world.party_b, surname="Сидоров")
    header = "homeward_id,Прізвище,Ім'я\n"
    batch = upload_and_check(world.alice, world.party_a,
                             roster(f"{theirs.public_id},Змінений,Іван",
                                    "7b0c3a4e-0000-4000-8000-000000000000,Інший,Іван", header=header))
    assert batch.state == "rejected"
    assert [p["reason"] for p in batch.report] == ["no record of yours has this id"] * 2
    theirs.refresh_from_db()
    assert (theirs.surname, theirs.version) == ("Сидоров", 1)


def test_a_row_with_an_own_homeward_id_corrects_that_record_as_a_new_version(world):
    mine = declare(world.alice, world.party_a, surname="Коваленко", rank="солдат")
    header = "homeward_id,Прізвище,Ім'я,Звання\n"
    batch = upload_and_check(world.alice, world.party_a,
                             roster(f"{mine.public_id},Коваленко,Олександр,сержант", header=header))
    assert (batch.state, batch.correction_count, batch.new_count) == ("validated", 1, 0)
    commit(world.alice, batch)
    mine.refresh_from_db()
    assert (mine.rank, mine.version) == ("сержант", 2)
    # The reason names the batch, never the file name (shared records must not show it).
    assert mine.versions.get().reason == f"import {batch.public_id}, row 2"


def test_an_external_ref_already_in_the_registry_is_refused(world):
    commit(world.alice, upload_and_check(world.alice, world.party_a, roster(*GOOD)))
    again = upload_and_check(world.alice, world.party_a, roster("A-1,Коваленко,Олександр,,,"))
    assert again.state == "rejected"
    assert "already in your registry" in again.report[0]["reason"]


def test_repeated_refs_inside_one_file_are_refused(world):
    batch = upload_and_check(world.alice, world.party_a, roster("A-9,Коваленко,Іван,,,", "A-9,Шевченко,Іван,,,"))
    assert [(p["row"], p["field"], p["reason"]) for p in batch.report] == [(3, "external_ref", "'A-9' repeats row 2")]
    assert batch.report[0]["said"]["params"] == {"ref": "A-9", "first": 2}


def test_missing_required_columns_are_named(world):
    batch = upload_and_check(world.alice, world.party_a, roster("1,x", header="Номер запису,Звання\n"))
    assert batch.state == "rejected"
    assert "surname" in batch.file_error and "given_name" in batch.file_error


def test_windows_1251_and_koi8_u_rosters_read_the_same_names(world):
    rows = ("A-1,Коваленко,Олександр,Петрович,12.03.1999,", "A-2,Ґалаґан,Євген,Юрійович,1990,")
    for encoding, party_user in (("cp1251", world.alice), ("koi8_u", world.carol)):
        batch = upload_and_check(party_user, world.party_a, roster(*rows, encoding=encoding),
                                 filename=f"{encoding}.csv")
        assert batch.state == "validated", (encoding, batch.file_error, batch.report)
    assert batch.encoding.replace("-", "_").lower() in {"koi8_u", "koi8u"}


def test_every_import_step_is_audited(world):
    commit(world.alice, upload_and_check(world.alice, world.party_a, roster(*GOOD)))
    actions = list(AuditEntry.objects.filter(action__startswith="registry.import").values_list("action", flat=True))
    assert actions == ["registry.import.upload", "registry.import.check",
                       "registry.import.commit_request", "registry.import.commit", "registry.import.seal"]


def test_a_commit_refuses_when_the_registry_changed_since_the_check(world):
    from homeward.registry.imports import CommitRefused

    first = upload_and_check(world.alice, world.party_a, roster("A-7,Коваленко,Іван,,,"), filename="one.csv")
    second = upload_and_check(world.carol, world.party_a, roster("A-7,Шевченко,Петро,,,", "A-8,Мельник,Іван,,,"),
                              filename="two.csv")
    assert (first.state, second.state) == ("validated", "validated")
    commit(world.alice, first)
    with pytest.raises(CommitRefused, match="added to your registry since the check"):
        commit(world.carol, second)
    assert sorted(Declaration.objects.values_list("external_ref", flat=True)) == ["A-7"]


def test_checked_rows_altered_on_disk_are_refused_not_loaded(world):
    from homeward.registry.imports import CommitRefused
    from homeward.registry.staging import staging_path

    batch = upload_and_check(world.alice, world.party_a, roster(*GOOD))
    path = staging_path(batch.staged_name)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommitRefused, match="altered on disk"):
        commit(world.alice, batch)
    assert Declaration.objects.count() == 0


def test_a_committed_import_leaves_no_staged_rows_behind(world, django_capture_on_commit_callbacks):
    from homeward.registry.staging import staging_path

    batch = upload_and_check(world.alice, world.party_a, roster(*GOOD))
    assert staging_path(batch.staged_name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        commit(world.alice, batch)
    assert not staging_path(batch.staged_name).exists()


NAME_PARTS = ("", "Коваленко", "KOVALENKO", "Ёлкин", "Çelik", "Straße", "Марʼяна", "Ørsted", "A-0001", "АА 123")


def test_the_staged_search_text_is_the_registrys_search_text():
    from itertools import product

    from homeward.registry.import_checking import search_texts
    from homeward.registry.services import search_text_for

    fields = ("surname", "given_name", "patronymic", "surname_latin", "given_name_latin", "patronymic_latin",
              "external_ref", "service_number")
    for combo in product(NAME_PARTS, repeat=3):
        values = dict(zip(fields, (combo[0], combo[1], "", combo[2], "", "", combo[1], combo[2]), strict=True))
        assert search_texts({field: [value] for field, value in values.items()}) == [search_text_for(values)]


def test_bulk_public_ids_are_distinct_version_4_uuids():
    import uuid

    from homeward.registry.import_checking import random_uuid_hexes

    ids = [uuid.UUID(text) for text in random_uuid_hexes(20_000)]
    assert len(set(ids)) == 20_000
    assert all(found.version == 4 and found.variant == uuid.RFC_4122 for found in ids)


def test_a_commit_leaves_the_connections_page_cache_as_it_was(world):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the page cache setting is SQLite's")
    connection.ensure_connection()
    before = connection.connection.execute("PRAGMA cache_size").fetchone()
    commit(world.alice, upload_and_check(world.alice, world.party_a, roster(*GOOD)))
    assert connection.connection.execute("PRAGMA cache_size").fetchone() == before


def test_the_row_by_row_fallback_writes_the_same_rows(world, monkeypatch):
    """Used when SQLite cannot attach another staging file; the same on either database."""
    from homeward.registry import import_writing

    monkeypatch.setattr(import_writing._NewRows, "write_attached", lambda self, path, staged: self.write_each(staged))
    monkeypatch.setattr(import_writing._NewRows, "write", import_writing._NewRows.write_each)
    commit(world.alice, upload_and_check(world.alice, world.party_a, roster(*GOOD)))
    people = {d.external_ref: d for d in Declaration.objects.all()}
    assert sorted(people) == ["A-1", "A-2", "A-3"]
    assert (people["A-1"].birth_day, people["A-3"].legal_status) == (12, "civilian_internee")
    assert "kovalenko" in people["A-3"].search_text


def test_staged_rows_are_readable_by_homewards_user_only(world):
    import stat

    from homeward.registry.staging import staging_path

    batch = upload_and_check(world.alice, world.party_a, roster(*GOOD))
    assert stat.S_IMODE(staging_path(batch.staged_name).stat().st_mode) == 0o600
