"""A witnessed transparency log for tests: three witnesses (party A, party B, the mediator), run as parties run them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from homeward.accounts import services as accounts
from homeward.audit import checkpoints, log
from homeward.audit.models import Checkpoint


@dataclass
class Witnessed:
    folder: Path
    users: dict[str, Any]  # witness name → the user who submits its cosignatures
    states: dict[str, Path] = field(default_factory=dict)

    def trust_file(self, quorum: int = 3) -> Path:
        document = checkpoints.trust_document()
        document["quorum"] = quorum
        path = self.folder / "trust.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    def checkpoint_and_cosign(self, names: list[str] | None = None) -> Checkpoint:
        """The operator signs a checkpoint; each witness checks it against its last one and cosigns."""
        checkpoint = checkpoints.checkpoint_issue(acting_user=None)
        for name in names or list(self.states):
            line = self.cosign(name, checkpoint.note, checkpoint.size)
            checkpoints.cosignature_add(checkpoint=checkpoint, line=line, acting_user=self.users[name])
        checkpoint.refresh_from_db()
        return checkpoint

    def cosign(self, name: str, note: str, size: int, proof: list[bytes] | None = None) -> str:
        state = json.loads(self.states[name].read_text(encoding="utf-8"))
        stem = self.states[name].stem
        note_file = self.folder / f"{stem}-incoming.note"
        note_file.write_text(note, encoding="utf-8")
        proof_file = self.folder / f"{stem}-proof.txt"
        if proof is None:
            proof = log.consistency_proof(state["size"], size) if 0 < state["size"] <= size else []
        proof_file.write_text("\n".join(p.hex() for p in proof), encoding="utf-8")
        out = StringIO()
        call_command("witness", "cosign", "--state", str(self.states[name]), "--checkpoint", str(note_file),
                     "--proof", str(proof_file), stdout=out)
        return out.getvalue()

    def held(self, name: str) -> Path:
        return self.states[name].with_name(self.states[name].name + ".checkpoints")

    def export(self, user: Any, **options: Any) -> dict[str, Any]:
        latest = Checkpoint.objects.order_by("-size").first()
        return checkpoints.export_for(user, checkpoint=latest, **options)


def witnessed_log(world: Any, folder: Path) -> Witnessed:
    b_coordinator = accounts.user_create(username="boris", password="correct-horse-battery-staple",
                                         organisation=world.party_b, role="coordinator", acting_user=None,
                                         validate=False)
    users = {"a.example/witness": world.carol, "b.example/witness": b_coordinator,
             "mediator.example/witness": world.mara}
    witnessed = Witnessed(folder, users)
    log_key = checkpoints.log_verifier().vkey()
    for name, user in users.items():
        state = folder / f"{name.split('/')[0]}.json"
        out = StringIO()
        call_command("witness", "init", "--state", str(state), "--name", name, "--origin", checkpoints.origin(),
                     "--log-key", log_key, stdout=out)
        checkpoints.witness_register(organisation=user.membership.organisation, name=name,
                                     vkey=out.getvalue().strip(), acting_user=user)
        witnessed.states[name] = state
    return witnessed
