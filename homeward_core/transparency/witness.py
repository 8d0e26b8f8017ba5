"""A witness: cosigns a checkpoint only if it extends the last one the witness verified.

Each party and the mediator runs one, with state of its own (the last
checkpoint it cosigned). Given the log's new signed checkpoint and a
consistency proof from the witness's last size, it refuses a note the log
did not sign, another log's checkpoint, a smaller tree (a rollback), a
different root for the size it already holds (a split view) and a proof
that does not verify; otherwise it cosigns and moves on. Because the log
cannot get a cosignature without proving it only appended, a checkpoint
cosigned by the other party's witness is one the other party saw too.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, replace

from homeward_core.transparency.merkle import EMPTY_ROOT, ProofInvalid, verify_consistency
from homeward_core.transparency.note import (
    Checkpoint,
    NoteInvalid,
    Signature,
    Verifier,
    cosign,
    open_checkpoint,
    parse_vkey,
)

STATE_FORMAT = "homeward-witness/1"


class WitnessRefused(ValueError):
    """The witness will not cosign: the message says what the log tried."""


@dataclass(frozen=True)
class WitnessState:
    name: str
    origin: str
    log_key: str  # the log's vkey
    size: int = 0
    root: bytes = EMPTY_ROOT
    checkpoint: str = ""  # the last signed note the witness cosigned, with its cosignatures

    def as_dict(self) -> dict[str, object]:
        return {"format": STATE_FORMAT, "name": self.name, "origin": self.origin, "log_key": self.log_key,
                "size": self.size, "root": base64.b64encode(self.root).decode("ascii"),
                "checkpoint": self.checkpoint}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> WitnessState:
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"not a witness state file (format {data.get('format')!r})")
        root = base64.b64decode(str(data["root"]), validate=True)
        return cls(str(data["name"]), str(data["origin"]), str(data["log_key"]), int(str(data["size"])), root,
                   str(data.get("checkpoint", "")))


def check_checkpoint(state: WitnessState, message: str, proof: Sequence[bytes]) -> Checkpoint:
    """The new checkpoint, if the witness may cosign it; WitnessRefused naming the problem otherwise."""
    log: Verifier = parse_vkey(state.log_key)
    try:
        checkpoint, _ = open_checkpoint(message, log, state.origin)
    except NoteInvalid as error:
        raise WitnessRefused(f"checkpoint refused: {error}") from None
    if checkpoint.size < state.size:
        raise WitnessRefused(f"rollback: the log shows size {checkpoint.size}, "
                             f"but this witness already cosigned size {state.size}")
    if checkpoint.size == state.size and checkpoint.root != state.root:
        raise WitnessRefused(f"split view: a second root for size {state.size}")
    try:
        verify_consistency(state.size, checkpoint.size, state.root, checkpoint.root, proof)
    except ProofInvalid as error:
        raise WitnessRefused(f"not consistent with size {state.size}: {error}") from None
    return checkpoint


def witness_cosign(state: WitnessState, message: str, proof: Sequence[bytes], private_key: bytes,
                   now: int) -> tuple[Signature, WitnessState]:
    """Check the new checkpoint against the state; the cosignature and the state to keep."""
    checkpoint = check_checkpoint(state, message, proof)
    text = checkpoint.text()
    signature = cosign(text, state.name, private_key, now)
    new_state = replace(state, size=checkpoint.size, root=checkpoint.root,
                        checkpoint=message + signature.line())
    return signature, new_state
