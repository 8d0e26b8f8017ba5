"""The audit log pages: the entries an actor may read, and a check of the whole chain."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from homeward.accounts.scoping import Actor, audit_entries_for
from homeward.accounts.views import member_required
from homeward.audit.models import AuditEntry
from homeward.audit.verification import verify_log
from homeward.lib.paging import KeptCountPaginator

PAGE_SIZE = 50


def _require_auditor(actor: Actor) -> None:
    if not actor.sees_audit_log:
        raise PermissionDenied(_("The audit log is open to auditors and the mediator."))


@member_required
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    _require_auditor(actor)
    entries = audit_entries_for(request.user).select_related("organisation").order_by("-sequence")
    context = {
        "title": _("Audit log"),
        "nav": "audit",
        # Counted once per audited write; the page found by sequence numbers first, its entries read by key.
        "page": KeptCountPaginator(
            entries, PAGE_SIZE, actor=actor, name="audit-log",
            rows=lambda keys: AuditEntry.objects.filter(pk__in=keys).select_related("organisation"),
        ).get_page(request.GET.get("page")),
    }
    return render(request, "audit/log.html", context)


@member_required
def audit_verify(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Re-hash the whole chain: it holds digests only, so every auditor may check all of it."""
    _require_auditor(actor)
    context = {"title": _("Verify the audit log"), "nav": "audit", "report": verify_log()}
    return render(request, "audit/verify.html", context)
