"""The export view: one for every list, a POST with a CSRF token and a recent password, logged before it is sent."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from homeward.accounts.scoping import NotAllowed, require_actor
from homeward.accounts.sessions import fresh_sign_in_required
from homeward.reports import exports, spreadsheets


@login_required
@require_POST
@fresh_sign_in_required
def export(request: HttpRequest, kind: str, public_id: Any = None) -> HttpResponse:
    """CSV (default) or XLSX of one list as filtered on its page, limited to what the user may see.

    A POST with a CSRF token, because it writes an audit entry: a GET could be
    fired by a link or an image on another site, or by a browser prefetch,
    and would log an export the user never made.
    """
    chosen = exports.KINDS[kind]
    try:
        require_actor(request.user)
        selection = exports.select(chosen, request.user, request.POST, public_id)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    file_format = "xlsx" if request.POST.get("format") == "xlsx" else "csv"
    exports.export_record(acting_user=request.user, kind=kind, file_format=file_format,
                          count=selection.rows.count(), filters=selection.filters, record=selection.record)
    table = chosen.table(selection.rows)
    if file_format == "xlsx":
        response: HttpResponse | StreamingHttpResponse = HttpResponse(
            spreadsheets.xlsx_bytes(table, sheet_name=str(chosen.title)),
            content_type=spreadsheets.CONTENT_TYPES["xlsx"])
    else:
        response = StreamingHttpResponse(spreadsheets.csv_stream(table), content_type=spreadsheets.CONTENT_TYPES["csv"])
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="homeward-{kind}-{stamp}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response
