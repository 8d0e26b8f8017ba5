"""Public statistics: aggregate figures per agreement and phase, protected as one linked set of tables.

Which agreements: those in force or completed under which people have
already crossed (a handover is public by nature). What: returned people per
phase and side, per category, per time-held band, how many went to
transit-state care, and remains transferred and identified. How: every
figure goes through :func:`homeward_core.disclosure.protect` together with
the sums that tie it to the others (phases add up to the agreement, sides to
both sides, bands to the returned), so a hidden figure cannot be recovered by
subtracting published ones — within a table or between two of them.

No names, no record, no per-person row ever reaches this module's output:
it reads counts from the same figures module as the statement page.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from homeward.agreements.models import Agreement
from homeward.operations.choices import RETURNED
from homeward.operations.models import HandoverOutcome
from homeward.planning.models import PhasePlan
from homeward.remains.progress import progress_for
from homeward.reports.figures import returned
from homeward_core.disclosure import Sum, margins, protect
from homeward_core.ledger.statement import LONG_HELD_DAYS, Returned

SIDES = ("a", "b")
TOTAL = "T"
# Days held (capture to crossing), upper bound included; the last band is open. The two-year line is the
# statement's "held more than two years".
BANDS = (("up_to_6_months", _("up to 6 months"), 182), ("6_to_12_months", _("6 to 12 months"), 365),
         ("1_to_2_years", _("1 to 2 years"), LONG_HELD_DAYS), ("over_2_years", _("more than 2 years"), None),
         ("unknown", _("capture date not recorded"), None))
TRANSIT = "transit_care"


def threshold() -> int:
    return int(getattr(settings, "HOMEWARD_PUBLIC_THRESHOLD", 5))


def public_agreements() -> QuerySet[Agreement]:
    """Agreements in force or completed under which someone has crossed on a signed manifest."""
    crossed = HandoverOutcome.objects.filter(outcome__in=RETURNED, entry__manifest__state="signed")
    return Agreement.objects.filter(state__in=("in_force", "completed"),
                                    pk__in=crossed.values("entry__manifest__plan__agreement")) \
        .select_related("party_a", "party_b").order_by("concluded_on", "pk")


def band_of(person: Returned) -> str:
    days = person.days_held
    if days is None:
        return "unknown"
    return next(code for code, _label, upper in BANDS if upper is None or days <= upper)


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value


@dataclass(frozen=True)
class Line:
    code: str  # phase index, band, category or figure code; "T" for the total line
    label: str
    cells: tuple[Cell, Cell, Cell]  # side a, side b, both sides


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class AgreementFigures:
    agreement: Agreement
    phases: tuple[tuple[str, str], ...]  # (code, name)
    tables: tuple[Table, ...]
    threshold: int


class _Builder:
    """Counts keyed by (table, line, side), with the sums that link them, then protected in one pass."""

    def __init__(self) -> None:
        self.values: dict[Hashable, int] = {}
        self.sums: list[Sum[Hashable]] = []

    def two_way(self, table: str, lines: dict[str, dict[str, int]], *, total_key: Any = None) -> None:
        """Lines x sides with both margins; ``total_key`` lets another table's total line stand in for this one's."""

        def key(line: Hashable, side: Hashable) -> Hashable:
            return total_key(side) if line == TOTAL and total_key else (table, line, side)

        for line, by_side in lines.items():
            for side in SIDES:
                self.values[key(line, side)] = by_side.get(side, 0)
            self.values[key(line, TOTAL)] = sum(by_side.get(s, 0) for s in SIDES)
        for side in (*SIDES, TOTAL):
            self.values[key(TOTAL, side)] = sum(self.values[key(line, side)] for line in lines)
        self.sums += margins(list(lines), list(SIDES), row_total=TOTAL, column_total=TOTAL, key=key)

    def side_sums(self, table: str, lines: dict[str, dict[str, int]]) -> None:
        """Lines that do not add up to one another (remains transferred, identified): only sides add up."""
        for line, by_side in lines.items():
            for side in SIDES:
                self.values[(table, line, side)] = by_side.get(side, 0)
            self.values[(table, line, TOTAL)] = sum(by_side.get(s, 0) for s in SIDES)
            self.sums.append(Sum((table, line, TOTAL), tuple((table, line, s) for s in SIDES)))


def figures_for(agreement: Agreement, *, limit: int | None = None) -> AgreementFigures:
    """Every published figure of one agreement, each with whether it is hidden."""
    limit = threshold() if limit is None else limit
    terms = agreement.current_version().parsed() if agreement.current_version() else None
    categories = [c for c in (terms.priorities if terms else ()) if c not in ("count", "days_held")]
    plans = PhasePlan.objects.filter(agreement=agreement, state="approved").order_by("phase_index")
    phases: list[tuple[str, str, list[Returned]]] = []
    for plan in plans:
        people = returned(agreement, plan)
        if people:  # a phase nobody has crossed in yet is not announced here
            phases.append((str(plan.phase_index + 1), plan.phase_name, people))
    everyone = [p for _code, _name, people in phases for p in people]

    def count(people: list[Returned], test: Any = None) -> dict[str, int]:
        return {s: sum(1 for p in people if p.side == s and (test is None or test(p))) for s in SIDES}

    build = _Builder()
    build.two_way("returned", {code: count(people) for code, _name, people in phases})
    build.two_way("bands", {code: count(everyone, lambda p, c=code: band_of(p) == c) for code, *_ in BANDS},
                  total_key=lambda side: ("returned", TOTAL, side))
    for category in categories:
        build.two_way(f"category:{category}", {code: count(people, lambda p, c=category: c in p.categories)
                                               for code, _name, people in phases})
    build.two_way(TRANSIT, {code: count(people, lambda p: p.transit_care) for code, _name, people in phases})
    remains = progress_for(agreement)
    if remains:
        build.side_sums("remains", {"received": {p.side: p.received for p in remains},
                                    "identified": {p.side: p.identified for p in remains}})
    hidden = protect(build.values, build.sums, threshold=limit)
    return AgreementFigures(agreement, tuple((code, name) for code, name, _people in phases),
                            tuple(_tables(build, hidden, phases, categories, bool(remains))), limit)


def _tables(build: _Builder, hidden: frozenset[Hashable], phases: list[Any], categories: list[str],
            remains: bool) -> list[Table]:
    def line(table: str, code: str, label: str, total_key: Any = None) -> Line:
        def key(side: str) -> Hashable:
            return total_key(side) if code == TOTAL and total_key else (table, code, side)

        return Line(code, label, tuple(Cell(build.values[key(s)], key(s) in hidden)  # type: ignore[arg-type]
                                       for s in (*SIDES, TOTAL)))

    phase_lines = [(code, name) for code, name, _people in phases] + [(TOTAL, str(_("All phases")))]
    tables = [Table("returned", str(_("Returned, by phase")),
                    tuple(line("returned", code, name) for code, name in phase_lines))]
    band_lines = [(code, str(label)) for code, label, _upper in BANDS] + [(TOTAL, str(_("All returned")))]
    shared_total = lambda side: ("returned", TOTAL, side)  # noqa: E731 - the bands' total line is the phases' one
    tables.append(Table("bands", str(_("Returned, by time held")),
                        tuple(line("bands", code, name, shared_total) for code, name in band_lines)))
    for category in categories:
        title = str(_("Returned in the category “%(name)s”, by phase") % {"name": category.replace("_", " ")})
        tables.append(Table(f"category:{category}", title,
                            tuple(line(f"category:{category}", code, name) for code, name in phase_lines)))
    tables.append(Table(TRANSIT, str(_("Went to transit-state care, by phase")),
                        tuple(line(TRANSIT, code, name) for code, name in phase_lines)))
    if remains:
        tables.append(Table("remains", str(_("Remains, by the side that handed them over")), (
            line("remains", "received", str(_("units received and counted"))),
            line("remains", "identified", str(_("individuals identified"))))))
    return tables


def statement_figures(agreement: Agreement, plan: PhasePlan | None,
                      categories: list[str]) -> dict[str, dict[str, Cell]]:
    """The public version of a statement, read from the protected set so that it and this page agree.

    A statement of one phase and one of the whole agreement, published side by
    side, must not give away by subtraction what each hides: their figures are
    the phase line and the total line of the same protected tables. Time held
    is published for the agreement as a whole only, so a phase's "held more
    than two years" is hidden.
    """
    figures = figures_for(agreement)
    tables = {t.code: t for t in figures.tables}
    code = TOTAL if plan is None else str(plan.phase_index + 1)

    def cells(table: str, line_code: str) -> dict[str, Cell]:
        line = next((x for x in tables[table].lines if x.code == line_code), None) if table in tables else None
        return {s: (line.cells[i] if line else Cell(0, False)) for i, s in enumerate(SIDES)}

    out = {"returned": cells("returned", code)}
    out |= {f"category:{c}": cells(f"category:{c}", code) for c in categories}
    out["held_over_two_years"] = (cells("bands", "over_2_years") if plan is None
                                  else {s: Cell(0, True) for s in SIDES})
    out["transit_care"] = cells(TRANSIT, code)
    return out
