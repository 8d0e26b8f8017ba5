"""`homeward add_user`: a user with their one membership; the password is read, never passed as an argument."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from homeward.accounts import services
from homeward.accounts.choices import Role
from homeward.accounts.models import Organisation


class Command(BaseCommand):
    help = "Create a user in an organisation with a role (audited, as the system)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="the organisation's short name")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="the language of the user's pages (default: the organisation's language)")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(short_name=options["organisation"]).first()
        if org is None:
            raise CommandError(f"No organisation is called '{options['organisation']}'.")
        username = options["username"].strip()
        if not username or get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"The user name '{username}' is taken (or empty).")
        password = self._password(options["password_stdin"])
        try:
            user = services.user_create(
                username=username, password=password, organisation=org, role=options["role"],
                full_name=options["full_name"], email=options["email"], acting_user=None,
                language=options["language"] or services.organisation_language(org),
            )
        except ValidationError as exc:
            raise CommandError("The password was refused: " + " ".join(exc.messages)) from exc
        self.stdout.write(f"created {user.get_username()}, {options['role']} of {org.short_name}")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first, second = getpass.getpass("Password: "), getpass.getpass("Password (again): ")
        if first != second:
            raise CommandError("The two passwords differ.")
        return first
