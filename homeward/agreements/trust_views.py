"""An agreement's trust root in pages: its versions and keys, who has signed, and the downloads.

The mediator's coordinator proposes a version; each organisation's
coordinator signs it (a recent password, as for every signature). The log's
trust file is signed on the same page, with the same keys, so a party that
holds the verified root can check the log's keys with ``homeward verify
--trust-root``. The steps are the audited services in homeward.accounts.trust.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from homeward.accounts import trust
from homeward.accounts.choices import Role
from homeward.accounts.models import TrustRootVersion
from homeward.accounts.scoping import Actor, get_agreement_for_user
from homeward.accounts.sessions import fresh_sign_in_required
from homeward.accounts.views import member_required
from homeward_core.transparency.trustroot import ROLES, TrustError, root_from_content, verify_root

ROLE_LABELS = {"party_a": gettext_lazy("Party A"), "party_b": gettext_lazy("Party B"),
               "mediator": gettext_lazy("Mediator")}


def _signs_for(actor: Actor, agreement: Any) -> bool:
    return actor.role == Role.COORDINATOR and actor.organisation.pk in (
        agreement.party_a_id, agreement.party_b_id, agreement.mediator_id)


def _proposes(actor: Actor, agreement: Any) -> bool:
    return actor.role == Role.COORDINATOR and actor.organisation.pk == agreement.mediator_id


def _version_rows(agreement: Any) -> list[dict[str, Any]]:
    rows, previous = [], None
    versions = TrustRootVersion.objects.filter(agreement=agreement).order_by("version").prefetch_related(
        "signatures__organisation", "signatures__signed_by")
    for version in versions:
        root = root_from_content(version.content)
        signed = {}
        for signature in version.signatures.all():
            signed.setdefault(signature.role, []).append(signature)
        try:
            verify_root(trust.signed(version), now=root.issued_at, previous=previous)
            problem = ""
        except TrustError as error:
            problem = str(error)
        rows.append({"version": version, "root": root, "problem": problem, "members": [
            {"role": ROLE_LABELS[m.role], "name": m.name, "keys": m.keys, "signatures": signed.get(m.role, [])}
            for m in sorted(root.members, key=lambda m: ROLES.index(m.role))]})
        previous = root
    return list(reversed(rows))


def _context(actor: Actor, agreement: Any) -> dict[str, Any]:
    rows = _version_rows(agreement)
    latest = rows[0] if rows else None
    log_content = trust.log_trust_content()
    log_signatures = [s for s in trust.log_trust_signatures(log_content)
                      if s.organisation_id in (agreement.party_a_id, agreement.party_b_id, agreement.mediator_id)]
    own_signed = latest is not None and any(s.organisation_id == actor.organisation.pk
                                            for m in latest["members"] for s in m["signatures"])
    return {
        "agreement": agreement, "nav": "agreements", "title": _("Trust root: %(title)s") % {"title": agreement.title},
        "versions": rows, "latest": latest, "may_propose": _proposes(actor, agreement),
        "may_sign": _signs_for(actor, agreement) and latest is not None and not own_signed,
        "log_trust": log_content, "log_signatures": log_signatures,
        "may_sign_log": _signs_for(actor, agreement) and not any(
            s.organisation_id == actor.organisation.pk for s in log_signatures),
    }


@member_required
def trust_root(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    return render(request, "agreements/trust_root.html", _context(actor, agreement))


def _step(request: HttpRequest, agreement: Any, done: str, step: Any) -> HttpResponse:
    try:
        step()
        messages.success(request, done)
    except (trust.TrustRootError, TrustError) as refused:
        messages.error(request, str(refused))
    return redirect("agreements:trust_root", public_id=agreement.public_id)


@member_required
@require_POST
@fresh_sign_in_required
def trust_root_propose(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    if not _proposes(actor, agreement):
        raise PermissionDenied(_("Only the agreement's mediator's coordinator proposes a trust root."))
    return _step(request, agreement, _("A new version is proposed; each organisation's coordinator signs it now."),
                 lambda: trust.trust_root_propose(agreement=agreement, acting_user=request.user))


@member_required
@require_POST
@fresh_sign_in_required
def trust_root_sign(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    if not _signs_for(actor, agreement):
        raise PermissionDenied(_("Only a coordinator of party A, party B or the mediator signs the trust root."))
    version = trust.latest(agreement)
    if version is None:
        messages.error(request, _("There is no version to sign yet."))
        return redirect("agreements:trust_root", public_id=agreement.public_id)
    return _step(request, agreement, _("Version %(n)s signed for %(org)s.") % {
        "n": version.version, "org": actor.organisation.short_name},
        lambda: trust.trust_root_sign(version=version, acting_user=request.user))


@member_required
@require_POST
@fresh_sign_in_required
def log_trust_sign(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    if not _signs_for(actor, agreement):
        raise PermissionDenied(_("Only a coordinator of party A, party B or the mediator signs the log's trust file."))
    return _step(request, agreement, _("The log's trust file is signed for %(org)s.") % {
        "org": actor.organisation.short_name},
        lambda: trust.log_trust_sign(agreement=agreement, acting_user=request.user))


def _download(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required
def trust_root_export(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    try:
        data = trust.trust_root_export(agreement)
    except trust.TrustRootError as missing:
        messages.error(request, str(missing))
        return redirect("agreements:trust_root", public_id=agreement.public_id)
    return _download(data, f"trust-root-{agreement.public_id}.json")


@member_required
def log_trust_export(request: HttpRequest, actor: Actor, public_id: Any) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, public_id)
    return _download(trust.log_trust_export(agreement), f"log-trust-{agreement.public_id}.json")


__all__ = ["log_trust_export", "log_trust_sign", "trust_root", "trust_root_export",
           "trust_root_propose", "trust_root_sign"]
