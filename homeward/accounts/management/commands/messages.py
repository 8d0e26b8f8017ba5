"""`homeward messages`: bring the Ukrainian and Russian catalogues up to date with the source, and compile them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Extract every marked string into homeward/locale/*/LC_MESSAGES/django.po (new strings untranslated, "
            "removed ones dropped), then compile the .mo files the app reads. Needs GNU gettext.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--compile-only", action="store_true",
                            help="only compile the .po files into .mo (after translating)")

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.lib import catalogues

        if not options["compile_only"]:
            catalogues.update()
        catalogues.compile_all()
        for language in catalogues.TRANSLATED:
            self.stdout.write(f"{catalogues.po_path(language).relative_to(catalogues.PACKAGE.parent)}: "
                              f"{catalogues.summary(language)}")
