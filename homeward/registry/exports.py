"""Exports of the registry list: scoped like every read, safe to open in a spreadsheet.

A cell that a spreadsheet would run as a formula (starting with = + - @, a tab
or a carriage return) is written with a leading apostrophe, so a hostile name
in another party's list can never execute on the exporter's machine (OWASP
"CSV injection").

The columns are the identity core and the derived flags: a party's internal
note and its provenance (who corrected what, and why) are never exported, so
a record shared with another organisation leaks nothing through its export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from homeward.accounts import scoping
from homeward.accounts.sessions import fresh_sign_in_required
from homeward.audit import services as audit
from homeward.audit.guard import audited_service
from homeward.registry.filters import DeclarationFilter
from homeward.registry.models import Declaration

COLUMNS = (
    ("homeward_id", lambda d: str(d.public_id)),
    ("party", lambda d: d.party.short_name),
    ("kind", lambda d: d.kind),
    ("legal_status", lambda d: d.legal_status),
    ("external_ref", lambda d: d.external_ref),
    ("surname", lambda d: d.surname),
    ("given_name", lambda d: d.given_name),
    ("patronymic", lambda d: d.patronymic),
    ("surname_latin", lambda d: d.surname_latin),
    ("given_name_latin", lambda d: d.given_name_latin),
    ("patronymic_latin", lambda d: d.patronymic_latin),
    ("birth_date", lambda d: d.birth_date_display),
    ("place_of_birth", lambda d: d.place_of_birth),
    ("rank", lambda d: d.rank),
    ("service_number", lambda d: d.service_number),
    ("unit", lambda d: d.unit),
    ("nationality", lambda d: d.nationality),
    ("captured_on", lambda d: d.captured_on.isoformat() if d.captured_on else ""),
    ("captured_place", lambda d: d.captured_place),
    ("detention_place", lambda d: d.detention_place),
    ("medical_category", lambda d: d.medical_category),
    ("seriously_wounded", lambda d: "yes" if d.seriously_wounded else "no"),
    ("ill", lambda d: "yes" if d.ill else "no"),
    ("interview_outcome", lambda d: d.interview_outcome),
    ("version", lambda d: str(d.version)),
)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise a value a spreadsheet would treat as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def rows(declarations: Iterable[Declaration]) -> Iterator[list[str]]:
    yield [name for name, _ in COLUMNS]
    for declaration in declarations:
        yield [safe_cell(getter(declaration)) for _, getter in COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_stream(table: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so Excel opens UTF-8 Cyrillic correctly
    for row in table:
        yield writer.writerow(row)


def _xlsx_bytes(table: Iterable[list[str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("declarations")
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@audited_service
def export_record(*, acting_user: Any, file_format: str, count: int, filters: dict[str, str]) -> None:
    """Who exported how many records, with which filters: exports of personal data are logged."""
    audit.record(
        acting_user=acting_user, action="registry.export", object_type="declaration_list",
        object_id=None, summary={"format": file_format, "count": count, "filters": filters},
    )


@login_required
@require_POST
@fresh_sign_in_required
def export_declarations(request: HttpRequest) -> HttpResponse:
    """CSV (default) or XLSX of the registry list as filtered, limited to what the user may see.

    A POST with a CSRF token, because it writes an audit entry: a GET could be
    fired by a link or an image on another site, or by a browser prefetch,
    and would log an export the user never made.
    """
    scoping.require_actor(request.user)
    chosen = DeclarationFilter.from_params(request.POST)
    found = chosen.apply(scoping.declarations_for(request.user)).select_related("party")
    found = found.order_by("surname", "given_name", "id")
    file_format = "xlsx" if request.POST.get("format") == "xlsx" else "csv"
    export_record(acting_user=request.user, file_format=file_format, count=found.count(),
                  filters=chosen.as_params())
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        response = HttpResponse(
            _xlsx_bytes(rows(found.iterator(chunk_size=2000))),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(_csv_stream(rows(found.iterator(chunk_size=2000))),
                                         content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="homeward-registry-{stamp}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response
