"""A paginator told how many rows there are, when the page already knows from figures it keeps.

Django's paginator counts its rows with a COUNT over the whole filtered
queryset on every request; on a page whose filter reads thousands of rows
(a plan's entries as one organisation may see them) that count costs as much
as the figures the page already has.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """``count`` is given, not queried; it must be the number of rows in ``object_list``."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property: this is its cached value
