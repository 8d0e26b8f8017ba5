"""`homeward trust-root`: propose, sign, export and (offline) verify an agreement's trust root."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from homeward_core.transparency.trustroot import TrustError, parse_chain, verify_chain


class Command(BaseCommand):
    help = "An agreement's trust root: which keys speak for party A, party B and the mediator."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        propose = sub.add_parser("propose", help="a new version with every organisation's keys as they are now")
        sign = sub.add_parser("sign", help="sign the newest version for the user's organisation")
        export = sub.add_parser("export", help="every signed version, oldest first, for verification")
        for each in (propose, sign, export):
            each.add_argument("--agreement", required=True, help="the agreement's public id")
        for each in (propose, sign):
            each.add_argument("--user", required=True, help="who acts (the mediator's or a party's coordinator)")
        export.add_argument("--out", type=Path, required=True)
        verify = sub.add_parser("verify", help="check an export offline: every version endorsed by the one before")
        verify.add_argument("file", type=Path)
        verify.add_argument("--at", help="check as of this ISO 8601 time (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            return self._verify(options["file"], options.get("at"))
        from homeward.accounts import trust
        from homeward.accounts.scoping import NotAllowed
        from homeward.agreements.models import Agreement

        agreement = Agreement.objects.filter(public_id=_uuid(options["agreement"])).first()
        if agreement is None:
            raise CommandError(f"no agreement {options['agreement']}")
        try:
            if options["action"] == "export":
                options["out"].write_bytes(trust.trust_root_export(agreement))
                self.stdout.write(f"trust root of {agreement} written to {options['out']}")
                return None
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['user']!r}")
            if options["action"] == "propose":
                row = trust.trust_root_propose(agreement=agreement, acting_user=user)
                self.stdout.write(f"version {row.version} proposed; each of the three coordinators signs it")
            else:
                version = trust.latest(agreement)
                if version is None:
                    raise CommandError("no trust root to sign: propose one first")
                rows = trust.trust_root_sign(version=version, acting_user=user)
                self.stdout.write(f"version {version.version} signed with {', '.join(r.key_id for r in rows)}")
        except (NotAllowed, trust.TrustRootError) as error:
            raise CommandError(str(error)) from None
        return None

    def _verify(self, path: Path, at: str | None) -> None:
        try:
            now = datetime.fromisoformat(at) if at else datetime.now(UTC)
        except ValueError:
            raise CommandError(f"--at {at!r} is not an ISO 8601 time") from None
        try:
            versions = parse_chain(path.read_bytes())
            root = verify_chain(versions, now=now)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except TrustError as error:
            raise CommandError(f"trust root REFUSED: {error}") from None
        self.stdout.write(f"trust root verifies: version {root.version} of {len(versions)}, "
                          f"valid until {root.expires_at.isoformat()}")
        for member in root.members:
            keys = ", ".join(f"{k.key_id} ({k.status})" for k in member.keys)
            self.stdout.write(f"  {member.role}: {member.name}: {keys}")


def _uuid(value: str) -> Any:
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        raise CommandError(f"{value!r} is not an agreement id") from None
