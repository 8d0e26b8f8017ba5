"""PDF of a printable page: the same template data, laid out by WeasyPrint for A4.

WeasyPrint fetches nothing: every resource a document names is refused, so a
value in a record can never make the server read a file or call a URL. Text
is set in DejaVu Sans (Debian's fonts-dejavu-core, found through fontconfig),
which covers Cyrillic and Latin.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class ResourceRefused(ValueError):
    pass


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ResourceRefused(f"PDFs load nothing from outside the document ({url[:60]})")


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    import weasyprint  # loads pango: imported where a PDF is made, not when the app starts

    html = render_to_string(template, context, request=request)
    return weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf()


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(request, template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
