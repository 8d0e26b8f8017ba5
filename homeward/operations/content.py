"""The canonical content of what is signed: a manifest, and a phase's protocol.

These dictionaries are what the three organisations sign (through
homeward_core.transparency.signing) and what anyone can recompute from the
records to check a signature: no names, only public ids, counts and codes.
"""

from __future__ import annotations

from typing import Any

from homeward.operations.models import DocumentSignature, HandoverOutcome, Manifest, ManifestEntry
from homeward.planning.models import PhasePlan
from homeward_core.transparency.canonical import digest

MANIFEST, PROTOCOL = "manifest", "protocol"

__all__ = ["MANIFEST", "PROTOCOL", "digest", "manifest_content", "manifest_digest", "protocol_content"]


def manifest_content(manifest: Manifest) -> dict[str, Any]:
    people = sorted(
        ({"person": str(public_id), "documents": documents, "escort": escort}
         for public_id, documents, escort in manifest.entries.values_list(
             "declaration__public_id", "documents", "escort")),
        key=lambda row: row["person"])
    return {
        "agreement": str(manifest.plan.agreement.public_id), "plan": str(manifest.plan.public_id),
        "plan_version": manifest.plan.version, "phase": manifest.plan.phase_name, "side": manifest.side,
        "manifest": str(manifest.public_id), "version": manifest.version,
        "previous": str(manifest.previous.public_id) if manifest.previous_id else None,
        "correction_reason": manifest.correction_reason,
        "vehicle": {"kind": manifest.vehicle_kind, "label": manifest.vehicle_label}, "people": people,
    }


def manifest_digest(manifest: Manifest) -> str:
    return digest(manifest_content(manifest))


def protocol_content(plan: PhasePlan) -> dict[str, Any]:
    """Signed manifests, every outcome on them, and the ledger those outcomes give for this phase."""
    from homeward.operations.ledger import phase_ledger

    manifests = list(plan.manifests.filter(state="signed").order_by("side", "vehicle_label", "version"))
    signatures = DocumentSignature.objects.filter(kind=MANIFEST, document_id__in=[m.public_id for m in manifests])
    signed_by: dict[str, list[dict[str, str]]] = {}
    for row in signatures.select_related("organisation").order_by("organisation__short_name"):
        signed_by.setdefault(str(row.document_id), []).append(
            {"organisation": str(row.organisation.public_id), "key_id": row.key_id})
    outcomes = HandoverOutcome.objects.filter(entry__manifest__in=manifests).select_related(
        "entry__declaration", "entry__manifest", "substitute")
    entries = ManifestEntry.objects.filter(manifest__in=manifests).count()
    ledger = phase_ledger(plan)
    return {
        "agreement": str(plan.agreement.public_id), "plan": str(plan.public_id), "phase": plan.phase_name,
        "manifests": [{"manifest": str(m.public_id), "side": m.side, "version": m.version,
                       "content_sha256": m.content_sha256, "signatures": signed_by.get(str(m.public_id), [])}
                      for m in manifests],
        "outcomes": sorted(({"person": str(o.entry.declaration.public_id), "side": o.entry.manifest.side,
                             "outcome": o.outcome,
                             "substitute": str(o.substitute.public_id) if o.substitute_id else None,
                             "occurred_at": o.occurred_at.isoformat(), "place": o.place} for o in outcomes),
                           key=lambda row: row["person"]),
        "pending": entries - outcomes.count(),
        "ledger": {"heads": dict(ledger.heads), "units": dict(ledger.units),
                   "by_category": {f"{category}/{side}": n
                                   for (category, side), n in sorted(ledger.by_category.items())},
                   "owed": [owed.sentence() for owed in ledger.owed]},
    }
