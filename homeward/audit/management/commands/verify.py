"""`homeward verify --trust T.json --export E.json [--checkpoints PATH ...]`: a party's offline check.

Runs on the party's own machine against its own copies: the trust file it
was given once (origin, log key, witness keys, quorum), the checkpoints its
witness kept (files or folders of .note files), and an export from
`homeward log export` or the API. It reads no database. Exit status 0: the
history it was shown was not rewritten; 1: a problem, each named; 2: a file
could not be read.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward_core.transparency import note as notes
from homeward_core.transparency import trustroot
from homeward_core.transparency.verify import Trust, verify_export


def load_trust(path: Path) -> Trust:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        witnesses = tuple(notes.parse_vkey(v) for v in data["witnesses"])
        trust = Trust(str(data["origin"]), notes.parse_vkey(data["log_key"]), witnesses, int(data["quorum"]))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{path}: not a trust file ({error})", returncode=2) from None
    if trust.log.kind != notes.ED25519 or any(w.kind != notes.COSIGNATURE_V1 for w in witnesses):
        raise CommandError(f"{path}: the log key must be type 0x01 and witness keys type 0x04", returncode=2)
    if not 0 <= trust.quorum <= len(witnesses):
        raise CommandError(f"{path}: a quorum of {trust.quorum} out of {len(witnesses)} witnesses", returncode=2)
    return trust


def held_checkpoints(paths: list[Path]) -> list[str]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.note")) if path.is_dir() else [path])
    try:
        return [file.read_text(encoding="utf-8") for file in files]
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read a checkpoint: {error}", returncode=2) from None


def _vouched_for(trust_path: Path, root_path: Path) -> tuple[str, str]:
    """("ok line", "") when the trust file is signed by all three under the verified trust root, else ("", why)."""
    try:
        raw = json.loads(trust_path.read_text(encoding="utf-8"))
        chain = trustroot.parse_chain(root_path.read_bytes())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise CommandError(f"cannot read the trust root or trust file: {error}", returncode=2) from None
    try:
        root = trustroot.verify_chain(chain, now=dt.datetime.now(dt.UTC))
        trustroot.verify_trust_file(raw, root)
    except trustroot.TrustError as error:
        return "", f"the trust file is not vouched for by the trust root: {error}"
    return (f"the trust file is signed by party A, party B and the mediator under trust root version "
            f"{root.version}"), ""


class Command(BaseCommand):
    help = "Verify the transparency log offline from your own checkpoints and an export."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trust", type=Path, required=True)
        parser.add_argument("--trust-root", type=Path,
                            help="the agreement's trust root export: the trust file must be signed by all three "
                                 "organisations with the keys it lists (then the trust file needs no other check)")
        parser.add_argument("--export", type=Path, required=True)
        parser.add_argument("--checkpoints", type=Path, nargs="*", default=[])
        parser.add_argument("--all-entries", action="store_true",
                            help="you may read every entry (mediator, observer): every leaf must be opened")

    def handle(self, *args: Any, **options: Any) -> None:
        trust = load_trust(options["trust"])
        held = held_checkpoints(options["checkpoints"])
        try:
            export = json.loads(options["export"].read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{options['export']}: not a log export ({error})", returncode=2) from None
        if not isinstance(export, dict):
            raise CommandError(f"{options['export']}: not a log export", returncode=2)
        report = verify_export(trust, held, export, all_entries=options["all_entries"])
        if options["trust_root"] is not None:
            vouched, problem = _vouched_for(options["trust"], options["trust_root"])
            if problem:
                report.problems.insert(0, problem)
            else:
                report.checked.insert(0, vouched)
        for line in report.checked:
            self.stdout.write(f"ok    {line}")
        for line in report.problems:
            self.stderr.write(f"FAIL  {line}")
        if not report.ok:
            self.stderr.write(f"the log does NOT verify: {len(report.problems)} problem(s)")
            sys.exit(1)
        self.stdout.write("the log verifies: the history you were shown was not rewritten")
