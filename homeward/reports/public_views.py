"""The public statistics page and its HXL file: no sign-in, aggregates only, small cells protected."""

from __future__ import annotations

import csv
import io

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from homeward.audit.freshness import head_key
from homeward.reports import public
from homeward.reports.spreadsheets import safe_row

CACHE_SECONDS = 600
# HXL 1.1: a row of hashtags under the human headers. A long table, one figure per row: the agreement and
# its phase are activities, the side an organisation, the figure an indicator with its value and code.
HXL_COLUMNS = (
    ("date", "#date +reported"),
    ("agreement", "#activity +name"),
    ("phase", "#activity +phase +name"),
    ("party", "#org +name"),
    ("table", "#indicator +type"),
    ("figure", "#indicator +name"),
    ("code", "#indicator +code"),
    ("value", "#indicator +value +num"),
    ("suppressed", "#meta +suppressed"),
)


def _all_figures() -> list[public.AgreementFigures]:
    """Every public agreement's figures, kept until the next audited write (any change to the records).

    The page is open to anyone and the counting reads every crossing: without
    this, each anonymous request would cost seconds of database work.
    """
    key = f"homeward:public-figures:{get_language()}:{public.threshold()}:{head_key()}"
    return cache.get_or_set(key, lambda: [public.figures_for(a) for a in public.public_agreements()], CACHE_SECONDS)


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    agreements = _all_figures()
    return render(request, "reports/public.html", {
        "title": _("Public statistics"), "agreements": agreements, "threshold": public.threshold()})


def _headers() -> list[str]:
    names = {"date": _("Date reported"), "agreement": _("Agreement"), "phase": _("Phase"),
             "party": _("Handed over by"), "table": _("Table"), "figure": _("Figure"), "code": _("Code"),
             "value": _("Value"), "suppressed": _("Suppressed")}
    return [names[key] for key, _tag in HXL_COLUMNS]


@require_safe
def figures_hxl(request: HttpRequest) -> HttpResponse:
    """The public page's figures as HXL-tagged CSV: a hidden figure is an empty value marked suppressed."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers())
    writer.writerow([tag for _key, tag in HXL_COLUMNS])
    today = timezone.localdate().isoformat()
    for figures in _all_figures():
        agreement = figures.agreement
        parties = {0: agreement.party_a.name, 1: agreement.party_b.name, 2: _("both sides")}
        phase_names = dict(figures.phases)
        for table in figures.tables:
            by_phase = table.code not in ("bands", "remains")
            for line in table.lines:
                phase = (phase_names.get(line.code, _("All phases")) if by_phase else _("All phases"))
                figure = table.title if by_phase else f"{table.title}: {line.label}"
                code = table.code if by_phase else f"{table.code}:{line.code}"
                for index, cell in enumerate(line.cells):
                    writer.writerow(safe_row([today, agreement.title, phase, parties[index], table.code, figure,
                                              code, "" if cell.hidden else cell.value,
                                              "yes" if cell.hidden else "no"]))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="homeward-public-figures-{today}.hxl.csv"'
    return response
