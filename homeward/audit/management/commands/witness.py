"""`homeward witness …`: a party's witness, run on the party's own machine, with state in its own files.

  init   --state FILE --name NAME --origin O --log-key VKEY   make a key and an empty state; print the witness vkey
  cosign --state FILE --checkpoint NOTE [--proof FILE]        check the log's new checkpoint against the last one
         this witness cosigned (a consistency proof from that size, one hex hash a line), then print the
         cosignature line and keep the checkpoint; a rollback, a split view or a bad proof is refused (exit 1)

The private key is FILE.key (mode 0600); every cosigned checkpoint is also
kept in FILE.checkpoints/, the party's own copy for `homeward verify`. It
needs no database: a witness trusts nothing the server keeps.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward_core.transparency import note as notes
from homeward_core.transparency.signing import new_private_key
from homeward_core.transparency.witness import WitnessRefused, WitnessState, witness_cosign


def key_path(state: Path) -> Path:
    return state.with_name(state.name + ".key")


def history_path(state: Path) -> Path:
    return state.with_name(state.name + ".checkpoints")


def read_proof(path: Path | None) -> list[bytes]:
    if path is None:
        return []
    try:
        return [bytes.fromhex(line) for line in path.read_text(encoding="ascii").split()]
    except (UnicodeDecodeError, ValueError):
        raise CommandError(f"{path}: a proof is one hex hash a line") from None


class Command(BaseCommand):
    help = "Run a witness: init its key and state, cosign a checkpoint after checking its consistency."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init")
        init.add_argument("--state", type=Path, required=True)
        init.add_argument("--name", required=True)
        init.add_argument("--origin", required=True)
        init.add_argument("--log-key", required=True)
        cosign = sub.add_parser("cosign")
        cosign.add_argument("--state", type=Path, required=True)
        cosign.add_argument("--checkpoint", type=Path, required=True)
        cosign.add_argument("--proof", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        (self.init if options["action"] == "init" else self.cosign)(options)

    def init(self, options: dict[str, Any]) -> None:
        state_file: Path = options["state"]
        if state_file.exists() or key_path(state_file).exists():
            raise CommandError(f"{state_file} already exists: a witness is initialised once")
        try:
            notes.parse_vkey(options["log_key"])
        except notes.NoteInvalid as error:
            raise CommandError(f"the log key: {error}") from None
        private = new_private_key()
        descriptor = os.open(key_path(state_file), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(private)
        state = WitnessState(options["name"], options["origin"], options["log_key"])
        state_file.write_text(json.dumps(state.as_dict(), indent=2), encoding="utf-8")
        verifier = notes.Verifier(options["name"], notes.COSIGNATURE_V1, notes.public_key_of(private))
        self.stdout.write(verifier.vkey())

    def cosign(self, options: dict[str, Any]) -> None:
        state_file: Path = options["state"]
        try:
            state = WitnessState.from_dict(json.loads(state_file.read_text(encoding="utf-8")))
            message = options["checkpoint"].read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the witness state or the checkpoint: {error}") from None
        proof = read_proof(options["proof"])
        try:
            signature, new_state = witness_cosign(state, message, proof, key_path(state_file).read_bytes(),
                                                  int(time.time()))
        except WitnessRefused as error:
            raise CommandError(f"REFUSED: {error}") from None
        history = history_path(state_file)
        history.mkdir(exist_ok=True)
        (history / f"size-{new_state.size:012d}.note").write_text(new_state.checkpoint, encoding="utf-8")
        temporary = state_file.with_name(state_file.name + ".tmp")
        temporary.write_text(json.dumps(new_state.as_dict(), indent=2), encoding="utf-8")
        temporary.replace(state_file)  # the state moves on only once the new one is fully written
        self.stdout.write(signature.line(), ending="")
