"""Whole page or HTMX fragment: one decision, made the same way on every page that has both."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX request gets the fragment; a history restore after a cache miss needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page_or_fragment(request: HttpRequest, page: str, fragment: str, context: dict[str, Any],
                            status: int = 200) -> HttpResponse:
    """The fragment for HTMX, the page otherwise; caches told the answer depends on HX-Request."""
    response = render(request, fragment if wants_fragment(request) else page, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
