"""API schemas: every field listed by name; nothing sensitive is exposed by default."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class PartySchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    name: str
    short_name: str


class DeclarationSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    party: PartySchema
    kind: str
    legal_status: str
    external_ref: str
    surname: str
    given_name: str
    patronymic: str
    surname_latin: str
    given_name_latin: str
    patronymic_latin: str
    name_script: str
    birth_date: str = Field(alias="birth_date_display")
    place_of_birth: str
    rank: str
    service_number: str
    unit: str
    nationality: str
    mother_maiden_name: str
    next_of_kin: str
    captured_on: dt.date | None
    captured_place: str
    detention_place: str
    medical_category: str
    seriously_wounded: bool
    ill: bool
    interview_outcome: str
    version: int
    updated_at: dt.datetime


class DeclarationPage(Schema):
    count: int
    next_offset: int | None
    items: list[DeclarationSchema]


class DeclarationCreate(Schema):
    kind: str
    legal_status: str = "pow"
    external_ref: str = ""
    surname: str
    given_name: str
    patronymic: str = ""
    surname_latin: str = ""
    given_name_latin: str = ""
    patronymic_latin: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    place_of_birth: str = ""
    rank: str = ""
    service_number: str = ""
    unit: str = ""
    nationality: str = ""
    mother_maiden_name: str = ""
    next_of_kin: str = ""
    captured_on: dt.date | None = None
    captured_place: str = ""
    detention_place: str = ""


class DeclarationCorrection(Schema):
    reason: str
    changes: dict[str, str | int | None]


class VersionSchema(Schema):
    version: int
    changed_fields: list[str]
    superseded_at: dt.datetime
    reason: str | None = Field(description="Null outside the declaring party and the mediator.")
    superseded_by: str | None = Field(description="Username; null outside the declaring party and the mediator.")


class HealthSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    medical_category: str
    seriously_wounded: bool
    ill: bool
    certified_by: str
    certified_on: dt.date
    details: str


class ConflictSchema(Schema):
    detail: str
    current_version: int
    changed_fields: list[str]
    changed_by: str


class ErrorSchema(Schema):
    detail: str
    field: str | None = None


class ImportBatchSchema(Schema):
    id: uuid.UUID = Field(alias="public_id")
    filename: str
    kind: str
    state: str
    sha256: str
    size: int
    encoding: str
    file_format: str
    row_count: int
    error_count: int
    new_count: int
    correction_count: int
    file_error: str
    report: list[dict[str, object]]
    mapping: dict[str, str]


class VerifySchema(Schema):
    entries: int
    head: str
    intact: bool
    breaks: list[str]
