"""`homeward export`: the page's rows for the user named, a file only on success, a clear error otherwise."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from homeward.audit.models import AuditEntry
from tests.conftest import declare


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


def test_it_exports_what_the_user_sees_with_the_filters(world: Any, tmp_path: Path) -> None:
    declare(world.alice, world.party_a, surname="Коваленко")
    declare(world.alice, world.party_a, surname="Шевченко", kind="sought")
    declare(world.bob, world.party_b, surname="Сидоров")
    out = tmp_path / "sought.csv"
    call_command("export", "declarations", "--user", "alice", "--out", str(out), "--filter", "kind=sought")
    assert [row["Surname"] for row in _rows(out)] == ["Шевченко"]
    entry = AuditEntry.objects.get(action="reports.export")
    assert (entry.actor, entry.summary["count"], entry.summary["filters"]) == (world.alice, 1, {"kind": "sought"})


def test_the_format_follows_the_extension(world: Any, tmp_path: Path) -> None:
    declare(world.bob, world.party_b, surname="=cmd")
    out = tmp_path / "b.xlsx"
    call_command("export", "declarations", "--user", "bob", "--out", str(out))
    sheet = load_workbook(out).active
    assert "'=cmd" in [cell.value for cell in sheet[2]]


@pytest.mark.parametrize(("argv", "problem"), [
    (["declarations", "--user", "nobody"], "no user 'nobody'"),
    (["audit", "--user", "alice"], "audit log is open to auditors"),
    (["declarations", "--user", "alice", "--filter", "kind=bogus"], "not a filter of the declarations list"),
    (["declarations", "--user", "alice", "--filter", "kind"], "NAME=VALUE"),
    (["plan", "--user", "alice"], "needs --record"),
    (["plan", "--user", "alice", "--record", "00000000-0000-4000-8000-000000000000"], "no plan"),
])
def test_bad_input_names_the_problem_and_writes_nothing(world: Any, tmp_path: Path, argv: list[str],
                                                        problem: str) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=problem):
        call_command("export", *argv, "--out", str(out))
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(action="reports.export").exists()


def test_an_unknown_format_is_refused(world: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--format csv"):
        call_command("export", "declarations", "--user", "alice", "--out", str(tmp_path / "x.ods"))
