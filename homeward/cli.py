"""The `homeward` console script: Django's management commands under one name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeward.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # `homeward demo-code` is the demo_code command
    execute_from_command_line(["homeward", *args])


if __name__ == "__main__":
    main()
