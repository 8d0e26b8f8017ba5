"""People as declared by each party, and the evidence around them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from homeward.registry.choices import (
    CustodyEventKind,
    DeclarationKind,
    ImportState,
    InterviewOutcome,
    LegalStatus,
    MedicalCategory,
    NameScript,
)

PROTECT = models.PROTECT


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of ``value`` in the reader's language, or ``value`` itself when it is not one of the choices."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value

# The identity core (GC III Arts. 17 and 122) and the fields a correction may change.
IDENTITY_FIELDS = (
    "surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
    "patronymic_latin", "name_script", "birth_year", "birth_month", "birth_day",
    "place_of_birth", "rank", "service_number", "unit", "nationality",
    "mother_maiden_name", "next_of_kin",
)
EDITABLE_FIELDS = IDENTITY_FIELDS + (
    "legal_status", "external_ref", "captured_on", "captured_place", "detention_place",
    "internal_note",
)


class Declaration(models.Model):
    """One party's record of one person: held, sought, or deceased and held.

    A declaration is evidence from one source. It is corrected by new
    versions (the superseded states are kept in DeclarationVersion), never
    merged with another party's record and never hard-deleted. Legal status
    is kept apart from the kind: a civilian internee is held but is never a
    prisoner of war.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexes on party and source_batch come from the composite indexes and constraints
    # below; each extra index costs every row of a million-row import.
    party = models.ForeignKey(
        "accounts.Organisation", on_delete=PROTECT, related_name="declarations", db_index=False
    )
    kind = models.CharField(max_length=16, choices=DeclarationKind.choices)
    legal_status = models.CharField(max_length=20, choices=LegalStatus.choices, default=LegalStatus.POW)
    external_ref = models.CharField(max_length=64, blank=True, help_text="The party's own roster id.")

    surname = models.CharField(max_length=120)
    given_name = models.CharField(max_length=120)
    patronymic = models.CharField(max_length=120, blank=True, help_text="Father's first name, as a patronymic.")
    surname_latin = models.CharField(max_length=120, blank=True)
    given_name_latin = models.CharField(max_length=120, blank=True)
    patronymic_latin = models.CharField(max_length=120, blank=True)
    name_script = models.CharField(max_length=5, choices=NameScript.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True, blank=True)
    place_of_birth = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=80, blank=True)
    service_number = models.CharField(max_length=40, blank=True)
    unit = models.CharField(max_length=120, blank=True)
    nationality = models.CharField(max_length=80, blank=True)
    mother_maiden_name = models.CharField(max_length=120, blank=True)
    next_of_kin = models.CharField(max_length=300, blank=True)

    captured_on = models.DateField(null=True, blank=True)
    captured_place = models.CharField(max_length=200, blank=True)
    detention_place = models.CharField(max_length=200, blank=True)

    # Derived flags others may see; the certified details stay in HealthRecord.
    medical_category = models.CharField(max_length=2, choices=MedicalCategory.choices, blank=True)
    seriously_wounded = models.BooleanField(default=False)
    ill = models.BooleanField(default=False)
    interview_outcome = models.CharField(max_length=10, choices=InterviewOutcome.choices, blank=True)

    internal_note = models.TextField(blank=True, help_text="Seen only inside the declaring party.")
    search_text = models.TextField(blank=True, editable=False)

    version = models.PositiveIntegerField(default=1)
    source_batch = models.ForeignKey(
        "ImportBatch", on_delete=PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+", db_index=False)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+", db_index=False)

    class Meta:
        ordering = ["surname", "given_name", "id"]
        indexes = [
            models.Index(fields=["party", "kind"], name="declaration_party_kind"),
            # The lists' order (Meta.ordering): a page is read along it; it serves a lookup by surname too.
            models.Index(fields=["surname", "given_name", "id"], name="declaration_name_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "external_ref"], condition=~Q(external_ref=""),
                name="declaration_unique_external_ref",
            ),
            models.UniqueConstraint(
                fields=["source_batch", "source_row"], condition=Q(source_batch__isnull=False),
                name="declaration_unique_source_row",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True)
                | (Q(birth_year__isnull=False) & Q(birth_month__gte=1) & Q(birth_month__lte=12)),
                name="declaration_birth_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(birth_day__isnull=True)
                | (Q(birth_month__isnull=False) & Q(birth_day__gte=1) & Q(birth_day__lte=31)),
                name="declaration_birth_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.surname} {self.given_name} {self.patronymic}".strip()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)

    @property
    def latin_name(self) -> str:
        parts = (self.surname_latin, self.given_name_latin, self.patronymic_latin)
        return " ".join(part for part in parts if part)

    @property
    def birth_date_display(self) -> str:
        if self.birth_year is None:
            return ""
        if self.birth_month is None:
            return f"{self.birth_year:04d}"
        if self.birth_day is None:
            return f"{self.birth_year:04d}-{self.birth_month:02d}"
        return f"{self.birth_year:04d}-{self.birth_month:02d}-{self.birth_day:02d}"

    # Django's own get_FOO_display hashes every (lazily translated) choice on each call: a page of 50 people
    # translated some 600 labels. These look the value up in its choices instead; an unknown value shows as is.
    def get_kind_display(self) -> str:
        return choice_label(DeclarationKind, self.kind)

    def get_legal_status_display(self) -> str:
        return choice_label(LegalStatus, self.legal_status)

    def get_medical_category_display(self) -> str:
        return choice_label(MedicalCategory, self.medical_category)

    def get_interview_outcome_display(self) -> str:
        return choice_label(InterviewOutcome, self.interview_outcome)


class DeclarationVersion(models.Model):
    """A superseded state of a declaration: what it said, who changed it, when and why."""

    declaration = models.ForeignKey(Declaration, on_delete=PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_fields = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    superseded_at = models.DateTimeField()
    superseded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "version"], name="declaration_version_unique")
        ]


class DeclarationShare(models.Model):
    """A declaration made visible to another organisation (a request list, a referral)."""

    declaration = models.ForeignKey(Declaration, on_delete=PROTECT, related_name="shares")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    purpose = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "organisation"], name="declaration_share_unique")
        ]


class CustodyEvent(models.Model):
    """Where and when a person was captured, moved or detained (GC III Arts. 70, 122)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    declaration = models.ForeignKey(Declaration, on_delete=PROTECT, related_name="custody_events")
    kind = models.CharField(max_length=16, choices=CustodyEventKind.choices)
    occurred_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_on", "recorded_at"]


class IdentityConfirmation(models.Model):
    """The other party's confirmation that a person on the holding party's list is who the list says.

    An exchange needs both sides to agree on identity: the holding party
    declares the person, the person's own side confirms (from its sought
    list, a reviewed match, or its own documents) before the person can be
    listed for a phase.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    declaration = models.ForeignKey(Declaration, on_delete=PROTECT, related_name="identity_confirmations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    basis = models.CharField(max_length=300, help_text="What the confirmation rests on.")
    confirmed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "organisation"], name="identity_confirmed_once"),
        ]


class HealthRecord(models.Model):
    """A certified health finding: special-category data for medical roles and the mediator."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    declaration = models.ForeignKey(Declaration, on_delete=PROTECT, related_name="health_records")
    medical_category = models.CharField(max_length=2, choices=MedicalCategory.choices, blank=True)
    seriously_wounded = models.BooleanField(default=False)
    ill = models.BooleanField(default=False)
    certified_by = models.CharField(max_length=200, help_text="Commission or physician.")
    certified_on = models.DateField()
    details = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-certified_on", "-recorded_at"]


class Interview(models.Model):
    """The mediator's private pre-release interview; parties see only the outcome."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    declaration = models.ForeignKey(Declaration, on_delete=PROTECT, related_name="interviews")
    outcome = models.CharField(max_length=10, choices=InterviewOutcome.choices)
    content = models.TextField(blank=True)
    interviewed_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-interviewed_on", "-recorded_at"]


class ColumnMapping(models.Model):
    """How an organisation's roster headers map to homeward fields, saved for next time."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    header = models.CharField(max_length=200)
    field = models.CharField(max_length=40)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "header"], name="column_mapping_unique")
        ]


class ImportBatch(models.Model):
    """One uploaded roster file: checked in a dry run, then committed all or nothing.

    The same file (same SHA-256) uploaded twice by one party is one batch.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="import_batches")
    kind = models.CharField(max_length=16, choices=DeclarationKind.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    stored_name = models.CharField(max_length=100)
    encoding_choice = models.CharField(max_length=20, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    file_format = models.CharField(max_length=8, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    header = models.JSONField(default=list, blank=True, help_text="The file's column names, as read.")
    state = models.CharField(max_length=12, choices=ImportState.choices, default=ImportState.UPLOADED)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    correction_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    staged_name = models.CharField(max_length=60, blank=True, help_text="The last check's staged rows.")
    staged_mac = models.CharField(max_length=64, blank=True, help_text="HMAC of the staged checked rows.")
    check_requested_at = models.DateTimeField(null=True, blank=True)
    commit_requested_at = models.DateTimeField(null=True, blank=True)
    commit_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=PROTECT, null=True, blank=True, related_name="+"
    )
    file_error = models.TextField(blank=True)
    file_problem = models.JSONField(default=dict, blank=True,
                                    help_text="file_error as a wording's id and its values (homeward_core.said).")
    refusal = models.TextField(blank=True, help_text="Why a requested check or commit was not carried out.")
    refusal_problem = models.JSONField(default=dict, blank=True,
                                       help_text="The refusal as a wording id and values, for other languages.")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=PROTECT, null=True, blank=True, related_name="+"
    )
    sealed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the log's seal entry bound each new row of the import.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["party", "sha256"], name="import_batch_same_file_once")
        ]

    def __str__(self) -> str:
        return self.filename


class SealedRow(models.Model):
    """One new declaration of a committed import, as the import's seal entry in the log bound it.

    An import writes its rows in one step and one entry; the seal that follows
    commits, row by row, to each new declaration's whole state (a salted
    commitment, homeward_core/transparency/records.py), and the seal entry's
    after-digest to the set of them. Until its first correction a declaration
    is checked against this commitment. Purging the person deletes the salt;
    the commitment stays, so the seal still verifies and reveals nothing.
    ``declaration_id`` is the public id, not a key: the row outlives a deleted record, to say it existed.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=PROTECT, related_name="sealed_rows")
    declaration_id = models.UUIDField()
    salt = models.BinaryField(null=True)
    commitment = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["declaration_id"], name="sealed_row_once")]
