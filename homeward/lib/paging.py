"""Paginators for long scoped lists, which must not re-read thousands of rows on every visit.

Django's paginator counts its rows with a COUNT over the whole filtered
queryset on every request; on a page whose filter reads thousands of rows
(a plan's entries as one organisation may see them) that count costs as much
as the figures the page already has: CountedPaginator is told the count.
KeptCountPaginator keeps its count for readers of the same scope until the
next audited write (homeward.audit.freshness), and finds the page by its rows'
keys first (the sort then carries the ordering columns and the id alone, not
every column of every visible row), reading the page's rows by key afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from homeward.audit.freshness import for_reader_until_next_write


class CountedPaginator(Paginator):
    """``count`` is given, not queried; it must be the number of rows in ``object_list``."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property: this is its cached value


class KeptCountPaginator(Paginator):
    """A paginator over a scoped queryset whose count only an audited write changes.

    ``name`` and ``parts`` say what the list is (the page, the filters chosen):
    with the reader's scope they key the kept count, so it is never another
    organisation's or another filter's. ``rows(keys)`` reads the page's rows by
    primary key, keys the scoped queryset gave (by default that queryset again,
    narrowed to them; a plain read by key spares the database the scoping
    conditions a second time).
    """

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, actor: Any, name: str,
                 parts: Sequence[Any] = (), rows: Callable[[list[Any]], QuerySet[Any]] | None = None) -> None:
        super().__init__(object_list, per_page)
        self.actor, self.name, self.parts = actor, name, tuple(parts)
        self.rows = rows or (lambda keys: self.object_list.filter(pk__in=keys))

    @cached_property
    def count(self) -> int:
        return for_reader_until_next_write(f"{self.name}:count", self.actor, self.object_list.count, *self.parts)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in self.rows(keys)}
        return self._get_page([found[key] for key in keys if key in found], number, self)
