"""Loading the synthetic demo scenario through the same services people use.

Rosters go in through the real import pipeline (upload, check, commit), one
file per party and kind, with each party's own headers and date style; health
findings, interviews and referrals to the medical service go through their
services. The demo's ground truth (which records are the same man) is written
to a file beside the database for measuring reconciliation, never into it.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from homeward.accounts import services as accounts
from homeward.accounts.mfa import MFA_ROLES
from homeward.accounts.models import Organisation
from homeward.agreements.demo import load_agreements
from homeward.audit.guard import service_context
from homeward.matching.demo import reconcile_demo
from homeward.operations.demo import handover
from homeward.planning.demo import exchange_lists, phase_plans
from homeward.registry import imports, services
from homeward.registry.choices import ImportState
from homeward.registry.models import Declaration
from homeward.remains.demo import load_remains
from homeward_core.demo import DEMO_NOTICE, build_scenario

# the public password of the fictional demo users, refused in production
DEMO_PASSWORD = "homeward-demo-2026"  # nosec B105


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    short_name: str
    kind: str
    country: str
    language: str


ORGS = (
    DemoOrg("A", "Northland Coordination Headquarters for Prisoners of War", "NCH", "party",
            "Northland (fictional)", "uk"),
    DemoOrg("B", "Southland Commission for Prisoners of War", "SCP", "party", "Southland (fictional)", "ru"),
    DemoOrg("M", "Neutral Mediation Office", "NMO", "mediator", "Midland (fictional)", "en"),
    DemoOrg("T", "Transit State Medical Service", "TMS", "medical_service", "Westland (fictional)", "en"),
    DemoOrg("O", "Independent Observer Mission", "IOM", "observer", "", "en"),
)
# (username, organisation key, role, what they do)
USERS = (
    ("a.coordinator", "A", "coordinator", "party A coordinator: approves and signs"),
    ("a.operator", "A", "operator", "party A operator: imports and corrections"),
    ("a.auditor", "A", "auditor", "party A auditor"),
    ("b.coordinator", "B", "coordinator", "party B coordinator"),
    ("b.operator", "B", "operator", "party B operator"),
    ("mediator", "M", "coordinator", "mediator: sees both sides, interviews"),
    ("mediator.viewer", "M", "read_only", "mediator read-only"),
    ("medic", "T", "medical_officer", "transit-state medical officer"),
    ("observer", "O", "auditor", "observer: audit log and verification"),
)

# The generator names sides "A" and "B"; each party writes nationality in its own language.
NATIONALITY = {"A": {"A": "Нортландія", "B": "Саутландія"}, "B": {"A": "Нортландия", "B": "Саутландия"}}

HEADERS = {
    "A": ("Номер запису", "Прізвище", "Ім'я", "По батькові", "Прізвище латиницею", "Ім'я латиницею",
          "По батькові латиницею", "Дата народження", "Місце народження", "Звання", "Особистий номер",
          "Військова частина", "Громадянство", "Дівоче прізвище матері", "Найближчі родичі", "Статус",
          "Дата полону", "Місце полону", "Місце утримання"),
    "B": ("Номер записи", "Фамилия", "Имя", "Отчество", "Фамилия латиницей", "Имя латиницей",
          "Отчество латиницей", "Дата рождения", "Место рождения", "Звание", "Личный номер",
          "Воинская часть", "Гражданство", "Девичья фамилия матери", "Ближайшие родственники", "Статус",
          "Дата пленения", "Место пленения", "Место содержания"),
}


def _birth(person: Any, side: str) -> str:
    y, m, d = person.birth_year, person.birth_month, person.birth_day
    if y is None:
        return ""
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{m:02d}.{y:04d}" if side == "A" else f"{y:04d}-{m:02d}"
    return f"{d:02d}.{m:02d}.{y:04d}" if side == "A" else f"{y:04d}-{m:02d}-{d:02d}"


def _row(person: Any, side: str) -> list[str]:
    captured = person.captured_on
    captured_text = ""
    if captured is not None:
        captured_text = captured.strftime("%d.%m.%Y") if side == "A" else captured.isoformat()
    return [
        person.external_ref, person.surname, person.given_name, person.patronymic,
        person.surname_latin, person.given_name_latin, person.patronymic_latin, _birth(person, side),
        person.place_of_birth, person.rank, person.service_number, person.unit,
        NATIONALITY[side].get(person.nationality, ""),
        person.mother_maiden_name, person.next_of_kin, person.legal_status, captured_text,
        person.captured_place, person.detention_place,
    ]


def _roster(people: Iterable[Any], side: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if side == "B" else ",")
    writer.writerow(HEADERS[side])
    for person in people:
        writer.writerow(_row(person, side))
    # Party B's office exports Windows-1251, as many real offices still do.
    if side == "A":
        return out.getvalue().encode("utf-8-sig")
    # Windows-1251 has no modifier apostrophe; offices type the ASCII one.
    return out.getvalue().replace("\u02bc", "'").encode("cp1251")


def demo_loaded() -> bool:
    return Organisation.objects.filter(short_name=ORGS[0].short_name).exists()


def _organisations() -> dict[str, Organisation]:
    return {
        org.key: accounts.organisation_create(
            name=org.name, short_name=org.short_name, kind=org.kind, country=org.country,
            record_language=org.language, acting_user=None,
        )
        for org in ORGS
    }


def _users(orgs: dict[str, Organisation]) -> dict[str, Any]:
    users = {
        username: accounts.user_create(
            username=username, password=DEMO_PASSWORD, organisation=orgs[key], role=role,
            full_name=what, acting_user=None, validate=False,
            language=accounts.organisation_language(orgs[key]),  # each organisation's users read its language
        )
        for username, key, role, what in USERS
    }
    for username, _key, role, _what in USERS:
        if role in MFA_ROLES:  # enrolled through the real services, with a key anyone can recompute
            accounts.mfa_enrolment_start(acting_user=users[username], key=demo_authenticator_key(username))
            accounts.mfa_enrolment_confirm(acting_user=users[username], token=demo_code(username))
    return users


def demo_authenticator_key(username: str) -> str:
    """A demo user's authenticator key (hex, 20 bytes): public and fictional like the password."""
    return hashlib.sha256(f"homeward demo authenticator: {username}".encode()).hexdigest()[:40]


def demo_authenticator_secret(username: str) -> str:
    """The same key in base32, as an authenticator app takes it."""
    return base64.b32encode(bytes.fromhex(demo_authenticator_key(username))).decode()


def demo_code(username: str) -> str:
    """The current six-digit code of a demo user's authenticator."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(demo_authenticator_key(username))).token():06d}"


def _import(side: str, kind: str, people: list[Any], user: Any, party: Organisation) -> None:
    batch, _ = imports.import_upload(
        party=party, kind=kind, source=io.BytesIO(_roster(people, side)),
        filename=f"demo-{side}-{kind}.csv", acting_user=user,
    )
    batch = imports.import_check(batch=batch, acting_user=user)
    if batch.state != ImportState.VALIDATED:
        raise RuntimeError(f"demo roster {batch.filename} rejected: {batch.file_error or batch.report[:3]}")
    batch = imports.import_request_commit(batch=batch, acting_user=user)
    imports.import_commit(batch=batch, acting_user=user)


def _medical_and_interviews(scenario: Any, orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    by_ref = {(d.party_id, d.external_ref): d for d in Declaration.objects.filter(kind="held")}
    party_of = {"A": orgs["A"], "B": orgs["B"]}
    operator = {"A": users["a.operator"], "B": users["b.operator"]}
    for person in scenario.people:
        if person.kind != "held":
            continue
        declaration = by_ref[(party_of[person.side].pk, person.external_ref)]
        if person.seriously_wounded or person.ill or person.medical_category:
            services.declaration_share(declaration=declaration, organisation=orgs["T"],
                                       purpose="medical examination before transfer",
                                       acting_user=operator[person.side])
            services.health_certify(
                declaration=declaration, medical_category=person.medical_category,
                seriously_wounded=person.seriously_wounded, ill=person.ill,
                certified_by="Mixed Medical Commission No. 2 (demo)",
                certified_on=scenario.reference_date, details="Synthetic demo finding.",
                acting_user=users["medic"],
            )
        if person.interview_outcome:
            services.interview_record(
                declaration=declaration, outcome=person.interview_outcome,
                content="Synthetic demo interview notes (mediator only).",
                interviewed_on=scenario.reference_date, acting_user=users["mediator"],
            )


def _write_truth(scenario: Any) -> Path:
    path = Path(settings.DATA_DIR) / "demo" / "ground-truth.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["side", "kind", "external_ref", "truth_id"])
        for person in scenario.people:
            writer.writerow([person.side, person.kind, person.external_ref, person.truth_id])
    return path


def load_demo(*, seed: int, size: int, say: Callable[[str], None]) -> bool:
    """Load the scenario once; False (and nothing written) when it is already there."""
    if demo_loaded():
        return False
    say(DEMO_NOTICE)
    # One transaction: a crash or Ctrl-C part-way leaves no half-loaded demo behind.
    with transaction.atomic(), service_context("demo scenario load"):
        _load(seed=seed, size=size, say=say)
    return True


def _load(*, seed: int, size: int, say: Callable[[str], None]) -> None:
    scenario = build_scenario(seed=seed, size=size)
    orgs = _organisations()
    users = _users(orgs)
    operators = {"A": users["a.operator"], "B": users["b.operator"]}
    for side in ("A", "B"):
        for kind in ("held", "sought", "deceased_held"):
            people = [p for p in scenario.people if p.side == side and p.kind == kind]
            say(f"importing party {side}: {len(people)} {kind}")
            _import(side, kind, people, operators[side], orgs[side])
    say("recording medical findings and interviews")
    _medical_and_interviews(scenario, orgs, users)
    exchange_lists(orgs, users, say)
    say(f"ground truth for reconciliation: {_write_truth(scenario)}")
    agreement = load_agreements(orgs=orgs, users=users, say=say)
    phase_plans(agreement, users, say, at_the_border=lambda plan: handover(plan, orgs, users, say))
    load_remains(agreement, orgs, users, say)
    reconcile_demo(scenario, orgs, users, say)


def sign_ins() -> list[tuple[str, str, str, str, str]]:
    """(username, password, authenticator key or '', role, who) of the demo users present."""
    known = {u.username for u in get_user_model().objects.filter(username__in=[u[0] for u in USERS])}
    return [(name, DEMO_PASSWORD, demo_authenticator_secret(name) if role in MFA_ROLES else "", role, what)
            for name, _key, role, what in USERS if name in known]
