"""Print the current authenticator code of a demo user: the demo's keys are public, like its passwords."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from homeward.accounts.mfa import MFA_ROLES
from homeward.registry.demo import USERS, demo_code


class Command(BaseCommand):
    help = "Print the current six-digit code of a demo coordinator's authenticator (development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", help="a demo user with an authenticator, e.g. a.coordinator")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo codes exist only outside production")
        enrolled = {name for name, _key, role, _what in USERS if role in MFA_ROLES}
        if options["username"] not in enrolled:
            raise CommandError(f"{options['username']!r} is not a demo user with an authenticator; "
                               f"those are: {', '.join(sorted(enrolled))}")
        self.stdout.write(demo_code(options["username"]))
