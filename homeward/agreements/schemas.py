"""API schemas of talks and agreements: every field listed by name."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from homeward.api.schemas import ErrorSchema, PartySchema


class ProposalSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    proposed_by: PartySchema
    title: str
    text: str
    state: str
    response: str
    decided_on: dt.date | None


class TalksSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    title: str
    held_on: dt.date
    venue: str
    mediator: PartySchema
    party_a: PartySchema
    party_b: PartySchema
    delegation_a: str
    delegation_b: str
    summary: str


class TalksDetailSchema(TalksSchema):
    proposals: list[ProposalSchema]

    @staticmethod
    def resolve_proposals(talks: Any) -> list[Any]:
        return list(talks.proposals.select_related("proposed_by"))


class AgreementSignatureSchema(Schema):
    organisation: PartySchema
    signed_on: dt.date
    signed_by: str

    @staticmethod
    def resolve_signed_by(signature: Any) -> str:
        return str(signature.signed_by.get_username())


class TermsVersionSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    number: int
    note: str
    created_at: dt.datetime
    terms: dict[str, Any] = Field(description="The homeward-terms/1 document, as signed.")
    signatures: list[AgreementSignatureSchema]

    @staticmethod
    def resolve_signatures(version: Any) -> list[Any]:
        return list(version.signatures.select_related("organisation", "signed_by"))


class AgreementSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    title: str
    state: str
    talks: uuid.UUID | None
    proposals: list[uuid.UUID]
    party_a: PartySchema
    party_b: PartySchema
    mediator: PartySchema
    concluded_on: dt.date | None
    current_version: int | None
    still_to_sign: list[str] = Field(description="Short names of the signatories who have not signed the "
                                                 "current version.")

    @staticmethod
    def resolve_talks(agreement: Any) -> uuid.UUID | None:
        return agreement.talks.public_id if agreement.talks_id else None

    @staticmethod
    def resolve_proposals(agreement: Any) -> list[uuid.UUID]:
        return [p.public_id for p in agreement.proposals.all()]

    @staticmethod
    def resolve_current_version(agreement: Any) -> int | None:
        current = agreement.current_version()
        return current.number if current else None

    @staticmethod
    def resolve_still_to_sign(agreement: Any) -> list[str]:
        from homeward.agreements.services import signatories, unsigned_by

        current = agreement.current_version()
        missing = unsigned_by(current) if current else signatories(agreement)
        return [org.short_name for org in missing]


class TalksIn(Schema):
    title: str
    held_on: dt.date
    venue: str
    party_a: uuid.UUID
    party_b: uuid.UUID
    delegation_a: str = ""
    delegation_b: str = ""
    summary: str = ""


class ProposalIn(Schema):
    title: str
    text: str


class DecisionIn(Schema):
    state: str = Field(description="accepted, rejected or withdrawn")
    response: str = ""
    decided_on: dt.date


class AgreementIn(Schema):
    talks: uuid.UUID
    proposals: list[uuid.UUID] = []
    title: str
    terms: dict[str, Any]
    note: str = ""
    concluded_on: dt.date | None = None


class VersionIn(Schema):
    terms: dict[str, Any]
    note: str


class SignIn(Schema):
    signed_on: dt.date | None = None


class StateIn(Schema):
    state: str


class RefusalSchema(ErrorSchema):
    path: str | None = Field(None, description="For refused terms: where in the JSON document the problem is.")
