"""The registry's held people as the terms see them: declarations → PersonFacts, in a few queries.

Side "a" is the people party A holds (and hands over); side "b" those party B
holds. Identity counts as confirmed when the person's own side (the party
that does not hold them) has confirmed it since the identity core (names,
date of birth, rank, service number) was last corrected. Held for
proceedings follows the latest proceedings event in custody.
"""

from __future__ import annotations

from functools import cache

from django.db.models import QuerySet

from homeward.agreements.models import Agreement
from homeward.registry.choices import CustodyEventKind, DeclarationKind, InterviewOutcome
from homeward.registry.models import CustodyEvent, Declaration, IdentityConfirmation
from homeward.registry.services import stale_confirmations
from homeward_core.eligibility import PartialDate, PersonFacts, rank_class

FIELDS = ("pk", "public_id", "party_id", "birth_year", "birth_month", "birth_day", "captured_on", "rank",
          "legal_status", "seriously_wounded", "ill", "medical_category", "interview_outcome", "detention_place")
CONSENT = {InterviewOutcome.CONSENTS: True, InterviewOutcome.REFUSES: False}


def held_declarations(agreement: Agreement) -> QuerySet[Declaration]:
    parties = (agreement.party_a_id, agreement.party_b_id)
    return Declaration.objects.filter(kind=DeclarationKind.HELD, party_id__in=parties)


def facts_for(agreement: Agreement, only: QuerySet[Declaration] | None = None
              ) -> tuple[list[PersonFacts], dict[str, int]]:
    """Every person either party holds (or those of ``only``), as facts; and public id → declaration pk."""
    held = held_declarations(agreement)
    if only is not None:
        held = held.filter(pk__in=only.values("pk"))
    rows = list(held.order_by("pk").values(*FIELDS))
    in_proceedings = _in_proceedings(held)
    confirmed = _confirmed(held)
    sides = {agreement.party_a_id: "a", agreement.party_b_id: "b"}
    other = {agreement.party_a_id: agreement.party_b_id, agreement.party_b_id: agreement.party_a_id}
    facts = [_facts(row, sides[row["party_id"]], (row["pk"], other[row["party_id"]]) in confirmed,
                    row["pk"] in in_proceedings) for row in rows]
    return facts, {str(row["public_id"]): row["pk"] for row in rows}


def _confirmed(held: QuerySet[Declaration]) -> set[tuple[int, int]]:
    """(declaration, organisation) of each confirmation given since the identity core last changed."""
    rows = list(IdentityConfirmation.objects.filter(declaration__in=held)
                .values_list("pk", "declaration_id", "organisation_id"))
    stale: set[int] = set()
    for organisation in {organisation for _, _, organisation in rows}:
        mine = [declaration for _, declaration, org in rows if org == organisation]
        stale.update(stale_confirmations(organisation, mine).values())
    return {(declaration, organisation) for pk, declaration, organisation in rows if pk not in stale}


def _facts(row: dict[str, object], side: str, confirmed: bool, proceedings: bool) -> PersonFacts:
    return PersonFacts(
        record_id=str(row["public_id"]), side=side, date_of_birth=_birth(row),
        captured_on=row["captured_on"],  # type: ignore[arg-type]
        rank_class=_rank(str(row["rank"] or "")), legal_status=str(row["legal_status"]),
        seriously_wounded=bool(row["seriously_wounded"]), ill=bool(row["ill"]),
        medical_category=str(row["medical_category"] or ""), consents=CONSENT.get(row["interview_outcome"]),  # type: ignore[call-overload]
        held_for_proceedings=proceedings, identity_confirmed=confirmed,
        custody_place=str(row["detention_place"] or ""),
    )


def _birth(row: dict[str, object]) -> PartialDate | None:
    if row["birth_year"] is None:
        return None
    try:
        return PartialDate(row["birth_year"], row["birth_month"], row["birth_day"])  # type: ignore[arg-type]
    except ValueError:
        return PartialDate(row["birth_year"])  # type: ignore[arg-type]


@cache
def _rank(rank: str) -> str | None:
    return rank_class(rank) if rank else None


def _in_proceedings(held: QuerySet[Declaration]) -> set[int]:
    """Declarations whose latest proceedings event opened proceedings (not ended them)."""
    latest: dict[int, str] = {}
    events = (CustodyEvent.objects.filter(declaration__in=held, kind__in=(
        CustodyEventKind.PROCEEDINGS, CustodyEventKind.PROCEEDINGS_END))
        .order_by("occurred_on", "recorded_at").values_list("declaration_id", "kind"))
    for declaration_id, kind in events:
        latest[declaration_id] = kind
    return {pk for pk, kind in latest.items() if kind == CustodyEventKind.PROCEEDINGS}
