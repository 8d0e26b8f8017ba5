"""`homeward add_organisation`: register a party, the mediator, a medical service or an observer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from homeward.accounts import services
from homeward.accounts.choices import OrganisationKind
from homeward.accounts.models import Organisation


class Command(BaseCommand):
    help = "Create an organisation (audited, as the system)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("short_name", help="a short unique name, used by add_user --organisation")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--country", default="")
        parser.add_argument("--record-language", default="", help="the language its rosters are kept in (uk, ru, en)")

    def handle(self, *args: Any, **options: Any) -> None:
        short_name = options["short_name"].strip()
        if not short_name or Organisation.objects.filter(short_name=short_name).exists():
            raise CommandError(f"An organisation called '{short_name}' exists already (or the name is empty).")
        org = services.organisation_create(
            name=options["name"].strip(), short_name=short_name, kind=options["kind"],
            country=options["country"], record_language=options["record_language"], acting_user=None,
        )
        self.stdout.write(f"created {org.kind} {org.short_name} ({org.public_id})")
