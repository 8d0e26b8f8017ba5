"""Correction imports (rows carrying a homeward_id), refused commits, and checks that are superseded."""

import threading

import pytest
from django.db import connection

from homeward.accounts.scoping import NotAllowed
from homeward.registry import imports, tasks
from homeward.registry.imports import CommitRefused, ImportError_
from homeward.registry.models import Declaration, ImportBatch
from homeward.registry.services import declaration_correct
from homeward.registry.staging import staging_path
from tests.conftest import build_world, declare
from tests.imports.helpers import commit, roster, upload, upload_and_check

CORRECTION_HEADER = "homeward_id,Прізвище,Ім'я,Звання\n"


def _correction(person, rank="сержант"):
    return roster(f"{person.public_id},{person.surname},{person.given_name},{rank}", header=CORRECTION_HEADER)


def test_a_correction_changes_only_the_fields_the_file_maps(world):
    mine = declare(world.alice, world.party_a, rank="солдат", unit="в/ч А1234", legal_status="civilian_internee",
                   birth_year=1990, patronymic="Петрович")
    commit(world.alice, upload_and_check(world.alice, world.party_a, _correction(mine)))
    mine.refresh_from_db()
    assert mine.rank == "сержант"
    assert (mine.unit, mine.legal_status, mine.birth_year, mine.patronymic) == (
        "в/ч А1234", "civilian_internee", 1990, "Петрович")
    assert mine.versions.get().changed_fields == ["rank"]


def test_a_record_corrected_after_the_check_refuses_the_commit_and_says_so(world):
    mine = declare(world.alice, world.party_a, rank="солдат")
    batch = upload_and_check(world.alice, world.party_a, _correction(mine))
    declaration_correct(declaration=mine, expected_version=1, changes={"unit": "в/ч Б"}, reason="call",
                        acting_user=world.carol)
    with pytest.raises(CommitRefused, match="corrected since the check"):
        commit(world.alice, batch)
    mine.refresh_from_db()
    assert (mine.rank, mine.unit, mine.version) == ("солдат", "в/ч Б", 2)  # the carol's edit is not lost
    batch.refresh_from_db()
    assert batch.state == "rejected" and "corrected since the check" in batch.refusal
    assert batch.commit_requested_at is None and not batch.staged_name


def test_a_refused_commit_is_not_retried_for_ever_and_can_be_checked_again(world):
    mine = declare(world.alice, world.party_a, rank="солдат")
    batch = upload_and_check(world.alice, world.party_a, _correction(mine))
    declaration_correct(declaration=mine, expected_version=1, changes={"unit": "в/ч Б"}, reason="call",
                        acting_user=world.carol)
    batch = imports.import_request_commit(batch=batch, acting_user=world.alice)
    assert tasks.commit_import.call(str(batch.public_id), world.alice.pk) == "rejected"
    assert tasks.resume_interrupted() == 0
    batch = imports.import_request_check(batch=batch, acting_user=world.alice)
    batch = imports.import_check(batch=batch, acting_user=world.alice)
    assert batch.state == "validated"
    commit(world.alice, batch)
    mine.refresh_from_db()
    assert (mine.rank, mine.unit, mine.version) == ("сержант", "в/ч Б", 3)


def test_the_mapping_cannot_change_while_a_commit_is_pending(world):
    batch = upload_and_check(world.alice, world.party_a, roster("A-1,Коваленко,Іван,,,"))
    batch = imports.import_request_commit(batch=batch, acting_user=world.alice)
    with pytest.raises(ImportError_, match="being committed"):
        imports.import_set_mapping(batch=batch, mapping={"Прізвище": "given_name"}, remember=False,
                                   acting_user=world.alice)
    with pytest.raises(ImportError_, match="being committed"):
        imports.import_request_check(batch=batch, acting_user=world.alice)


def test_only_the_partys_importers_may_check_its_import(world):
    batch, _ = upload(world.alice, world.party_a, roster("A-1,Коваленко,Іван,,,"))
    for intruder in (world.bob, world.mara, world.otto, world.medic):
        with pytest.raises(NotAllowed):
            imports.import_check(batch=batch, acting_user=intruder)
        with pytest.raises(NotAllowed):
            imports.import_request_check(batch=batch, acting_user=intruder)


def test_a_check_superseded_by_a_new_mapping_is_discarded(world, monkeypatch):
    batch, _ = upload(world.alice, world.party_a, roster("A-1,Коваленко,Іван,,,"))
    real_run = imports.run_check
    outcomes = []

    def run_then_remap(batch_):
        outcome = real_run(batch_)
        outcomes.append(outcome)
        imports.import_set_mapping(batch=batch_, mapping={"Прізвище": "surname", "Ім'я": "given_name"},
                                   remember=False, acting_user=world.carol)
        return outcome

    monkeypatch.setattr(imports, "run_check", run_then_remap)
    batch = imports.import_check(batch=batch, acting_user=world.alice)
    assert batch.state == "uploaded" and batch.check_requested_at is not None  # the newer request waits
    assert not staging_path(outcomes[0].staged_name).exists()


@pytest.mark.django_db(transaction=True)
def test_the_dry_run_does_not_block_other_writers(monkeypatch):
    world = build_world()
    batch, _ = upload(world.alice, world.party_a, roster("A-1,Коваленко,Іван,,,"))
    real_run, written = imports.run_check, []

    def write_meanwhile():
        try:
            written.append(declare(world.carol, world.party_a, surname="Мельник").surname)
        except Exception as exc:  # collected and asserted on
            written.append(exc)
        finally:
            connection.close()

    def run_with_a_writer(batch_):
        writer = threading.Thread(target=write_meanwhile)
        writer.start()
        writer.join(timeout=30)
        return real_run(batch_)

    monkeypatch.setattr(imports, "run_check", run_with_a_writer)
    batch = imports.import_check(batch=batch, acting_user=world.alice)
    assert written == ["Мельник"]
    assert batch.state == "validated"
    assert ImportBatch.objects.get(pk=batch.pk).state == "validated"
    assert Declaration.objects.filter(surname="Мельник").count() == 1


def test_a_record_corrected_twice_in_one_file_is_refused_at_the_check(world):
    mine = declare(world.alice, world.party_a, rank="солдат")
    rows = [f"{mine.public_id},{mine.surname},{mine.given_name},{rank}" for rank in ("сержант", "майор")]
    batch = upload_and_check(world.alice, world.party_a, roster(*rows, header=CORRECTION_HEADER))
    assert batch.state == "rejected"
    assert [(p["row"], p["field"], p["reason"]) for p in batch.report] == [
        (3, "homeward_id", "the same record is corrected in row 2")]


def test_a_correction_may_not_take_another_records_reference(world):
    mine = declare(world.alice, world.party_a, external_ref="X-1")
    declare(world.alice, world.party_a, surname="Мельник", external_ref="X-2")
    header = "homeward_id,Номер запису,Прізвище,Ім'я\n"
    data = roster(f"{mine.public_id},X-2,{mine.surname},{mine.given_name}", header=header)
    batch = upload_and_check(world.alice, world.party_a, data)
    assert batch.state == "rejected"
    assert batch.report[0]["reason"] == "'X-2' is used by another of your records"
    own = roster(f"{mine.public_id},X-1,{mine.surname},Іван", header=header)
    assert upload_and_check(world.alice, world.party_a, own).state == "validated"  # its own reference is fine


def test_blank_cells_in_a_correction_leave_their_fields_as_they_are(world):
    mine = declare(world.alice, world.party_a, legal_status="civilian_internee", unit="в/ч А1234",
                   birth_year=1990, birth_month=3, birth_day=4)
    header = "homeward_id,Прізвище,Ім'я,Статус,Військова частина,Дата народження,Звання\n"
    data = roster(f"{mine.public_id},{mine.surname},{mine.given_name},,,,сержант", header=header)
    commit(world.alice, upload_and_check(world.alice, world.party_a, data))
    mine.refresh_from_db()
    assert (mine.legal_status, mine.unit, mine.rank) == ("civilian_internee", "в/ч А1234", "сержант")
    assert (mine.birth_year, mine.birth_month, mine.birth_day) == (1990, 3, 4)
    # A year alone replaces the whole date of birth, never half of it.
    data = roster(f"{mine.public_id},{mine.surname},{mine.given_name},,,1991,сержант", header=header)
    commit(world.alice, upload_and_check(world.alice, world.party_a, data))
    mine.refresh_from_db()
    assert (mine.birth_year, mine.birth_month, mine.birth_day) == (1991, None, None)


def test_asking_again_for_the_commit_of_a_committed_import_changes_nothing(world):
    batch = upload_and_check(world.alice, world.party_a, roster("A-1,Коваленко,Іван,,,"))
    stale = ImportBatch.objects.get(pk=batch.pk)  # the page a second tab loaded before the commit
    commit(world.alice, batch)
    again = imports.import_request_commit(batch=stale, acting_user=world.alice)
    assert (again.state, again.commit_requested_at) == ("committed", None)
    assert Declaration.objects.count() == 1


def test_the_worker_sweeps_day_old_staging_files_no_batch_refers_to(world):
    import os
    import time

    from homeward.registry.staging import new_staging_name

    batch = upload_and_check(world.alice, world.party_a, roster("A-1,Коваленко,Іван,,,"))
    kept = staging_path(batch.staged_name)
    left = staging_path(new_staging_name(batch.public_id))
    fresh = staging_path(new_staging_name(batch.public_id)).with_suffix(".tmp")
    for path in (left, fresh):
        path.write_bytes(b"rows of a crashed run")
    day_ago = time.time() - 2 * 24 * 3600
    for path in (kept, left):
        os.utime(path, (day_ago, day_ago))
    assert tasks.sweep_staging() == 1
    assert kept.exists() and fresh.exists() and not left.exists()
