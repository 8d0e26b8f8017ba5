"""`homeward demo`: load the synthetic scenario (once) and print the demo sign-ins."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from homeward.registry.demo import load_demo, sign_ins


class Command(BaseCommand):
    help = "Load the fictional demo scenario (idempotent) and print a sign-in per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--size", type=int, default=10_000, help="People per side.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("the demo scenario is never loaded into a production database")
        loaded = load_demo(seed=options["seed"], size=options["size"], say=self.stdout.write)
        if not loaded:
            self.stdout.write("Demo scenario already loaded; nothing added.")
        table = Table(title="homeward demo sign-ins (fictional data, development only)")
        for column in ("username", "password", "authenticator key", "role", "who"):
            table.add_column(column)
        for row in sign_ins():
            table.add_row(*row)
        Console(width=150).print(table)
        self.stdout.write("Coordinators give a code from an authenticator app with that key at sign-in "
                          "(or run `homeward demo-code USERNAME`).")
