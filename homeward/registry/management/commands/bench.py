"""`homeward bench WHAT [options]`: one entry point for every benchmark.

Each benchmark is its own command, ``bench_<what>``, owned by the area it
measures; this one only dispatches, so ``homeward bench import --rows 100000``
runs ``bench_import --rows 100000``. Every benchmark prints its figures and
saves them as JSON under benchmarks/results/.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError


def benchmarks() -> list[str]:
    return sorted(name.removeprefix("bench_") for name in get_commands() if name.startswith("bench_"))

class Command(BaseCommand):
    help = "Run a benchmark (import, linkage, planning, …); `homeward bench WHAT --help` for its options."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", help="which benchmark: " + ", ".join(benchmarks()))
        parser.add_argument("options", nargs=argparse.REMAINDER, help="passed on to that benchmark")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what not in benchmarks():
            raise CommandError(f"no benchmark named {what!r}; there are: {', '.join(benchmarks())}")
        command = load_command_class(get_commands()[f"bench_{what}"], f"bench_{what}")
        command.run_from_argv(["homeward", f"bench_{what}", *options["options"]])
