"""`homeward log …`: the transparency log from the operator's and a party's side.

  key                 print the log's origin and verifier key (hand it to every party once)
  trust               print a trust file for `homeward verify`: origin, log key, registered witnesses
  checkpoint          sign a checkpoint of the log as it stands; print the signed note
  consistency --from M [--to N]   print a consistency proof (one hex hash a line)
  export --user U --out FILE [--since M ...]   a party's export for `homeward verify`
  witness-add --user U --name N --vkey V       register the user's organisation's witness
  cosignature --user U --size N --line L       keep a witness's cosignature of checkpoint N
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.accounts.scoping import NotAllowed, actor_for, transparency_checkpoints_for
from homeward.audit import checkpoints, log


class Command(BaseCommand):
    help = "The transparency log: key, trust file, checkpoints, proofs, exports, witnesses, cosignatures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("key")
        sub.add_parser("trust")
        sub.add_parser("checkpoint")
        consistency = sub.add_parser("consistency")
        consistency.add_argument("--from", dest="old", type=int, required=True)
        consistency.add_argument("--to", dest="new", type=int)
        export = sub.add_parser("export")
        export.add_argument("--user", required=True)
        export.add_argument("--out", type=Path, required=True)
        export.add_argument("--since", type=int, action="append", default=[],
                            help="a size you already hold: adds a consistency proof from it")
        witness = sub.add_parser("witness-add")
        witness.add_argument("--user", required=True)
        witness.add_argument("--name", required=True)
        witness.add_argument("--vkey", required=True)
        cosignature = sub.add_parser("cosignature")
        cosignature.add_argument("--user", required=True)
        cosignature.add_argument("--size", type=int, required=True)
        cosignature.add_argument("--line", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["action"].replace("-", "_"))(options)
        except (checkpoints.CheckpointRefused, NotAllowed, ValueError) as error:
            raise CommandError(str(error)) from None

    def do_key(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"origin {checkpoints.origin()}\nlog key {checkpoints.log_verifier().vkey()}")

    def do_trust(self, options: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(checkpoints.trust_document(), indent=2))

    def do_checkpoint(self, options: dict[str, Any]) -> None:
        self.stdout.write(checkpoints.checkpoint_issue(acting_user=None).note, ending="")

    def do_consistency(self, options: dict[str, Any]) -> None:
        new = options["new"] if options["new"] is not None else log.tree_size()
        for element in log.consistency_proof(options["old"], new):
            self.stdout.write(element.hex())

    def do_export(self, options: dict[str, Any]) -> None:
        user = _user(options["user"])
        actor = actor_for(user)
        if actor is None or not actor.sees_audit_log:
            raise CommandError("exports of the log are for auditors and the mediator")
        latest = transparency_checkpoints_for(user).order_by("-size").first()
        if latest is None:
            raise CommandError("no checkpoint yet: run `homeward log checkpoint` first")
        document = checkpoints.export_for(user, checkpoint=latest, since=options["since"])
        options["out"].write_text(json.dumps(document), encoding="utf-8")
        self.stdout.write(f"exported checkpoint of size {latest.size}, {len(document['entries'])} opened entries "
                          f"to {options['out']}")

    def do_witness_add(self, options: dict[str, Any]) -> None:
        user = _user(options["user"])
        actor = actor_for(user)
        if actor is None:
            raise CommandError(f"{user.username} is not a member of any organisation")
        witness = checkpoints.witness_register(organisation=actor.organisation, name=options["name"],
                                               vkey=options["vkey"], acting_user=user)
        self.stdout.write(f"witness {witness.name} registered for {actor.organisation}")

    def do_cosignature(self, options: dict[str, Any]) -> None:
        user = _user(options["user"])
        checkpoint = transparency_checkpoints_for(user).filter(size=options["size"]).first()
        if checkpoint is None:
            raise CommandError(f"no checkpoint of size {options['size']}")
        kept = checkpoints.cosignature_add(checkpoint=checkpoint, line=options["line"], acting_user=user)
        self.stdout.write(f"cosignature of {kept.witness.name} kept for the checkpoint of size {checkpoint.size}")


def _user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user
