"""One world for the authorisation matrix and the canary scan: records of every kind, of every owner.

Everything is made through the audited services, reusing the other test
packages' builders (personas, the June agreement and remains, the exchange
and its approved plan). Owners, as the policy table names them:

- ``A``: party A's own record (or one party A takes part in: the talks, the A–B agreements and plans);
- ``B``: party B's record that party A has no part in (unshared declarations, B's imports, talks and an
  agreement between party B and a third party C, a transfer under it, B's own identifications);
- ``M``: a record only the mediator sees among the personas (a third party's declaration; a reconciliation
  candidate pairing party A's man with party B's unshared record).

Reconciliation: a run over both parties' lists (``A``: both parties see it) and party B's duplicates run
(``B``), with candidates and decisions (see ``_reconciliation``); the transparency log: a checkpoint of the
whole world and party A's witness's cosignature of it.

Party B's text and every field that is mediator-only (interview contents) or medical-only (health details)
carries a unique canary string, listed in ``World.canaries``, that no response to party A may contain.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import secrets
import shutil
import string
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from homeward.accounts import services as accounts
from homeward.agreements import services as agreements
from homeward.agreements.demo import TERMS_V1
from homeward.audit import checkpoints
from homeward.matching import services as matching
from homeward.operations import services as operations
from homeward.registry import imports
from homeward.registry import services as registry
from homeward.remains import services as remains
from homeward.remains.services import CountedUnit
from tests.accounts.soft_authenticator import RP_ID, SoftAuthenticator, b64url
from tests.audit.transparency_setup import Witnessed
from tests.conftest import PASSWORD, build_world, declare
from tests.matching.conftest import proposal, stored_run
from tests.planning.conftest import _held, make_agreement
from tests.remains.conftest import DAY, make_remains

NOW = dt.datetime(2025, 6, 10, 9, 0, tzinfo=dt.UTC)
EXAMINED = dt.date(2025, 6, 1)


@dataclass
class SecurityWorld:
    """Personas by policy key, record ids by (kind, owner), and the canaries party A must never read."""

    users: dict[str, Any]
    ids: dict[tuple[str, str], Any]
    canaries: list[str] = field(default_factory=list)
    base: Any = None
    base_c: Any = None  # party C, the third party of party B's other talks
    cosignature: str = ""  # party A's witness's cosignature line for the latest checkpoint

    def canary(self, label: str) -> str:
        # Letters only: names refuse digits on import.
        value = f"CANARY-{label}-{''.join(secrets.choice(string.ascii_lowercase) for _ in range(8))}"
        self.canaries.append(value)
        return value


# Text fields of a declaration a party may fill; a canary in each of party B's.
DECLARATION_TEXT = ("patronymic", "surname_latin", "given_name_latin", "patronymic_latin", "place_of_birth",
                    "rank", "service_number", "unit", "nationality", "mother_maiden_name", "next_of_kin",
                    "captured_place", "detention_place", "internal_note")


def _canary_values(w: SecurityWorld, prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {name: w.canary(f"{prefix}-{name}") for name in DECLARATION_TEXT}
    values["surname"] = w.canary(f"{prefix}-surname")
    values["given_name"] = w.canary(f"{prefix}-given")
    values["external_ref"] = w.canary(f"{prefix}-ref")
    return values


def _people(w: SecurityWorld, base: Any) -> None:
    """Declarations of each owner, with health records and interviews on them."""
    a_own = declare(base.alice, base.party_a, internal_note="A's own note", external_ref="A-OWN-1")
    registry.custody_event_record(declaration=a_own, kind="detained", occurred_on=EXAMINED, place="Camp 1",
                                  note="A's custody note", acting_user=base.alice)
    b_own = declare(base.bob, base.party_b, **_canary_values(w, "B-held"))
    b_sought = declare(base.bob, base.party_b, kind="sought", **_canary_values(w, "B-sought"))
    b_sought = registry.declaration_correct(declaration=b_sought, expected_version=1,
                                            changes={"rank": w.canary("B-sought-rank-again")},
                                            reason=w.canary("B-sought-reason"), acting_user=base.bob)
    registry.custody_event_record(declaration=b_own, kind="detained", occurred_on=EXAMINED,
                                  place=w.canary("B-custody-place"), note=w.canary("B-custody-note"),
                                  acting_user=base.bob)
    # Party B's record shared with party A: A reads its identity core, never B's note, reasons or custody notes.
    b_shared = declare(base.bob, base.party_b, internal_note=w.canary("B-shared-note"), external_ref="B-SH-1",
                       surname="Бондаренко", given_name="Пётр")
    b_shared = registry.declaration_correct(declaration=b_shared, expected_version=1, changes={"rank": "рядовой"},
                                            reason=w.canary("B-shared-reason"), acting_user=base.bob)
    registry.custody_event_record(declaration=b_shared, kind="detained", occurred_on=EXAMINED, place="Camp 2",
                                  note=w.canary("B-shared-custody-note"), acting_user=base.bob)
    registry.declaration_share(declaration=b_shared, organisation=base.party_a, purpose="request list",
                               acting_user=base.bob)
    registry.declaration_share(declaration=a_own, organisation=base.medical, purpose="medical commission",
                               acting_user=base.alice)
    for person in (b_shared, b_own):  # why party B asked the medical service is party B's business
        registry.declaration_share(declaration=person, organisation=base.medical,
                                   purpose=w.canary("B-share-purpose"), acting_user=base.bob)
    # Health details are medical-only and interview contents mediator-only, whoever's record they are about.
    for person, label in ((a_own, "A"), (b_own, "B"), (b_shared, "B-shared")):
        registry.health_certify(declaration=person, medical_category="A1", seriously_wounded=True, ill=False,
                                certified_by=w.canary(f"health-{label}-by"), certified_on=EXAMINED,
                                details=w.canary(f"health-{label}-details"), acting_user=base.medic)
        registry.interview_record(declaration=person, outcome="consents", content=w.canary(f"interview-{label}"),
                                  interviewed_on=EXAMINED, acting_user=base.mara)
    third = w.users["third"]
    c_own = declare(third, w.base_c, internal_note=w.canary("C-note"), surname=w.canary("C-surname"))
    w.ids.update({("declaration", "A"): a_own.public_id, ("declaration", "B"): b_own.public_id,
                  ("declaration", "M"): c_own.public_id, ("declaration", "B-shared"): b_shared.public_id,
                  ("declaration", "B-sought"): b_sought.public_id})


def _imports(w: SecurityWorld, base: Any) -> None:
    header = "Номер запису,Прізвище,Ім'я,По батькові,Дата народження,Статус\n"
    a_rows = header + "A-IMP-1,Мельник,Андрій,Петрович,1990-01-01,pow\n"
    b_rows = header + (f"{w.canary('B-import-ref')},{w.canary('B-import-surname')},"
                       f"{w.canary('B-import-given')},{w.canary('B-import-patronymic')},1991-02-02,pow\n")
    for owner, user, party, data, name in (
            ("A", base.alice, base.party_a, a_rows, "a-held.csv"),
            ("B", base.bob, base.party_b, b_rows, f"{w.canary('B-import-filename')}.csv")):
        batch, _ = imports.import_upload(party=party, kind="held", source=io.BytesIO(data.encode()), filename=name,
                                         encoding_choice="", acting_user=user)
        batch = imports.import_check(batch=batch, acting_user=user)
        w.ids[("import", owner)] = batch.public_id
    # A second, committed import of party B's: its people are in the registry, unshared.
    rows = header + f"B-IMP-2,{w.canary('B-importtwo-surname')},{w.canary('B-importtwo-given')},,1992-03-03,pow\n"
    batch, _ = imports.import_upload(party=base.party_b, kind="sought", source=io.BytesIO(rows.encode()),
                                     filename="b-sought.csv", encoding_choice="", acting_user=base.bob)
    batch = imports.import_check(batch=batch, acting_user=base.bob)
    assert batch.state == "validated", (batch.state, batch.report, batch.file_error)
    batch = imports.import_request_commit(batch=batch, acting_user=base.bob)
    imports.import_commit(batch=batch, acting_user=base.bob)


def _negotiations(w: SecurityWorld, base: Any, june: Any) -> None:
    """Undecided proposals at the June talks (A's) and talks between B and a third party C (B's)."""
    berta, eve = w.users["b_coord"], w.users["third"]
    a_proposal = agreements.proposal_table(talks=june.talks, proposed_by=base.party_a, title="Another 100",
                                           text="One hundred more each.", acting_user=base.carol)
    bc_talks = agreements.talks_record(title=w.canary("BC-talks-title"), held_on=DAY, venue=w.canary("BC-venue"),
                                       party_a=base.party_b, party_b=w.base_c, delegation_a=w.canary("BC-delegation-b"),
                                       delegation_b=w.canary("BC-delegation-c"), summary=w.canary("BC-summary"),
                                       acting_user=base.mara)
    b_proposal = agreements.proposal_table(talks=bc_talks, proposed_by=base.party_b,
                                           title=w.canary("BC-proposal-title"), text=w.canary("BC-proposal-text"),
                                           acting_user=berta)
    c_proposal = agreements.proposal_table(talks=bc_talks, proposed_by=w.base_c, title="C's proposal",
                                           text="C's text", acting_user=eve)
    agreements.proposal_decide(proposal=c_proposal, state="accepted", decided_on=DAY,
                               response=w.canary("BC-response"), acting_user=berta)
    bc = agreements.agreement_create(talks=bc_talks, proposals=[c_proposal], title=w.canary("BC-agreement"),
                                     terms=TERMS_V1, note=w.canary("BC-agreement-note"), acting_user=base.mara)
    for user in (berta, eve, base.mara):
        agreements.agreement_sign(version=bc.current_version(), signed_on=DAY, acting_user=user)
    bc = agreements.agreement_set_state(agreement=bc, state="in_force", acting_user=base.mara)
    w.ids.update({("talks", "A"): june.talks.public_id, ("talks", "B"): bc_talks.public_id,
                  ("proposal", "A"): a_proposal.public_id, ("proposal", "B"): b_proposal.public_id,
                  ("agreement", "A"): june.public_id, ("agreement", "B"): bc.public_id})
    transfer = remains.transfer_announce(agreement=bc, transferred_on=DAY, place=w.canary("BC-transfer-place"),
                                         claimed_individuals=1, note=w.canary("BC-transfer-note"),
                                         acting_user=berta)
    transfer = remains.transfer_receive(transfer=transfer, received_on=DAY, acting_user=eve,
                                        dispute_note=w.canary("BC-dispute"), units=[CountedUnit(w.canary("BC-unit"))])
    w.ids[("transfer", "B")] = transfer.public_id
    w.ids[("unit", "B")] = transfer.units.get().public_id


def _remains(w: SecurityWorld, base: Any, made: Any) -> None:
    a_units, b_units = made.units(made.a_to_b), made.units(made.b_to_a)
    w.ids.update({("transfer", "A"): made.b_to_a.public_id, ("unit", "A"): b_units[0].public_id,
                  ("remains_agreement", "A"): made.agreement.public_id})
    # Party B's laboratory identifies one of its own dead in a bag A sent: B's record, A has no part in it.
    b_ident = remains.identification_record(
        unit_ids=[a_units[0].public_id], method="dna", laboratory=w.canary("B-lab"),
        laboratory_reference="LAB-B-1", identified_on=DAY, own_party=base.party_b, acting_user=made.fiona)
    # Party A identifies one of its own dead in a bag B sent, and one of party B's dead: a return to B.
    a_ident = remains.identification_record(
        unit_ids=[b_units[0].public_id], method="dna", laboratory="Northern laboratory",
        laboratory_reference="LAB-A-1", identified_on=DAY, own_party=base.party_a, acting_user=base.alice)
    returned = remains.identification_record(
        unit_ids=[b_units[1].public_id], method="dental", laboratory="Northern laboratory",
        laboratory_reference="LAB-A-2", identified_on=DAY, own_party=base.party_b, acting_user=base.alice)
    w.ids.update({("identification", "A"): a_ident.public_id, ("identification", "B"): b_ident.public_id,
                  ("return", "A"): returned.remains_return.public_id})


def _operations(w: SecurityWorld, base: Any) -> None:
    """The exchange agreement: an approved, executed Day 1 (manifests signed, outcomes, protocol), Day 2 drafted."""
    from homeward.planning import services as planning

    bea = w.users["b_coord"]
    agreement = make_agreement(base)
    held_a = [_held(base, base.alice, base.party_a, base.party_b, bea, n, 1990 + 3 * n) for n in range(3)]
    held_b = [_held(base, bea, base.party_b, base.party_a, base.carol, n, 1995 + 2 * n) for n in range(3)]
    plan = planning.plan_draft(agreement=agreement, phase_index=0, acting_user=base.mara)
    plan = planning.plan_propose(plan=plan, acting_user=base.mara)
    for user in (base.carol, bea, base.mara):
        plan = planning.plan_approve(plan=plan, acting_user=user)
    manifests = operations.manifests_from_plan(plan=plan, vehicle_kind="bus", seats=5, acting_user=base.mara)
    for manifest in manifests:
        for user in (base.carol, bea, base.mara):
            manifest = operations.manifest_sign(manifest=manifest, acting_user=user)
        for entry in manifest.entries.all():
            operations.handover_record(entry=entry, outcome="handed_over", occurred_at=NOW, place="Crossing 4",
                                       acting_user=base.mara)
    operations.protocol_create(plan=plan, acting_user=base.mara)
    draft = planning.plan_draft(agreement=agreement, phase_index=1, acting_user=base.mara)
    w.ids.update({("plan", "A"): plan.public_id, ("draft_plan", "A"): draft.public_id,
                  ("exchange", "A"): agreement.public_id, ("manifest", "A"): manifests[0].public_id,
                  ("held_by_a", "A"): held_a[-1].public_id, ("held_by_b", "A"): held_b[-1].public_id})
    w.ids[("on_manifest", "A")] = manifests[0].entries.first().declaration.public_id
    returned = [e.declaration for m in manifests for e in m.entries.all()]
    w.ids[("returned_to_a", "A")] = next(d.public_id for d in returned if d.party_id == base.party_b.pk)


def _reconciliation(w: SecurityWorld, base: Any) -> None:
    """A run over both parties' lists (the mediator's) and party B's own duplicates run, with decisions.

    The engine's proposals are given at its seam (as tests/matching does); everything else goes through the
    services. Candidates: ``A`` party A's sought man and party B's record shared with A (decided by A); ``M``
    A's sought man and B's unshared held one (only the mediator sees it); ``B`` two of B's own unshared
    records in B's duplicates run, decided by B with a reason; ``A-and-B`` A's man shared with B and B's
    shared one, decided by B (A sees the verdict, never B's reason).
    ``candidate_to_decide`` is a second one of each owner for the API's decisions, so that the mediator's
    decision there (the last allowed writer) does not make the page's candidate the mediator's; party A's is
    already decided by the mediator, with a reason A must not read (so A's editors get 409 there).
    """
    from homeward.registry.models import Declaration

    b_held, b_shared = (Declaration.objects.get(public_id=w.ids[("declaration", k)]) for k in ("B", "B-shared"))
    a_sought = [declare(base.alice, base.party_a, kind="sought", surname="Бондаренко", given_name="Петро",
                        external_ref=f"A-SOUGHT-{n}") for n in range(3)]
    registry.declaration_share(declaration=a_sought[2], organisation=base.party_b, purpose="request list",
                               acting_user=base.alice)
    cross = stored_run(base.mara, "sought_held", base.party_a, base.party_b,
                       [proposal(a_sought[0], b_shared), proposal(a_sought[1], b_shared),
                        proposal(a_sought[0], b_held), proposal(a_sought[2], b_shared)])
    # Party B's duplicates: its held man and two more like him, none shared.
    b_dups = [declare(base.bob, base.party_b, **_canary_values(w, f"B-dup{n}")) for n in range(2)]
    dups = stored_run(base.bob, "duplicates", base.party_b, None,
                      [proposal(b_held, b_dups[0]), proposal(b_held, b_dups[1])])
    candidates = {(c.left_id, c.right_id): c for run in (cross, dups) for c in run.candidates.all()}

    def of(left: Any, right: Any) -> Any:
        return candidates[tuple(sorted((left.pk, right.pk)))]

    a_candidate, a_other, m_candidate, both = (of(a_sought[0], b_shared), of(a_sought[1], b_shared),
                                               of(a_sought[0], b_held), of(a_sought[2], b_shared))
    b_candidate, b_other = of(b_held, b_dups[0]), of(b_held, b_dups[1])
    matching.decision_record(candidate=a_candidate, verdict="unsure", reason="A's own reason",
                             acting_user=base.alice)
    matching.decision_record(candidate=a_other, verdict="unsure", reason=w.canary("mediator-decision-reason"),
                             acting_user=base.mara)
    matching.decision_record(candidate=b_candidate, verdict="same", reason=w.canary("B-dup-decision-reason"),
                             acting_user=base.bob)
    matching.decision_record(candidate=both, verdict="not_same", reason=w.canary("B-decision-reason"),
                             acting_user=base.bob)
    w.ids.update({("run", "A"): cross.public_id, ("run", "B"): dups.public_id,
                  ("candidate", "A"): a_candidate.public_id, ("candidate", "B"): b_candidate.public_id,
                  ("candidate", "M"): m_candidate.public_id, ("candidate", "A-and-B"): both.public_id,
                  ("candidate_to_decide", "A"): a_other.public_id, ("candidate_to_decide", "B"): b_other.public_id,
                  ("candidate_to_decide", "M"): m_candidate.public_id})


def _transparency_log(w: SecurityWorld, base: Any) -> None:
    """Party A's witness (its coordinator submits the lines), a signed checkpoint of the whole world, and A's
    witness's cosignature of it for the matrix to hand in (tests/audit/transparency_setup.py, one witness)."""
    folder = Path(tempfile.mkdtemp(prefix="homeward-security-"))
    try:
        name = "a.example/witness"
        witnessed = Witnessed(folder, {name: base.carol})
        out = StringIO()
        witnessed.states[name] = folder / "a.json"
        call_command("witness", "init", "--state", str(witnessed.states[name]), "--name", name,
                     "--origin", checkpoints.origin(), "--log-key", checkpoints.log_verifier().vkey(), stdout=out)
        checkpoints.witness_register(organisation=base.party_a, name=name, vkey=out.getvalue().strip(),
                                     acting_user=base.carol)
        checkpoint = checkpoints.checkpoint_issue(acting_user=None)
        w.cosignature = witnessed.cosign(name, checkpoint.note, checkpoint.size)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    w.ids[("checkpoint", "-")] = checkpoint.size


def _security_keys(w: SecurityWorld, base: Any) -> None:
    """A security key of a user of party A, of party B and of the mediator: none of them a persona."""
    for owner, name, organisation in (("A", "kasia", base.party_a), ("B", "kira", base.party_b),
                                      ("M", "milan", base.mediator)):
        holder = accounts.user_create(username=name, password=PASSWORD, organisation=organisation, role="operator",
                                      acting_user=None, validate=False)
        challenge = os.urandom(32)
        answer = SoftAuthenticator().create({"challenge": b64url(challenge), "rp": {"id": RP_ID}})
        key, why = accounts.security_key_register(acting_user=holder, challenge=challenge,
                                                  response=json.dumps(answer), name=f"{name}'s key")
        assert key is not None, why
        w.ids[("security_key", owner)] = key.public_id


def build_security_world() -> SecurityWorld:
    base = build_world()
    made = make_remains(base)  # berta (B coordinator), fiona (B medical officer), the June agreement, transfers
    rita = accounts.user_create(username="rita", password=PASSWORD, organisation=base.party_a, role="read_only",
                                acting_user=None, validate=False)
    auditor = accounts.user_create(username="audrey", password=PASSWORD, organisation=base.party_a, role="auditor",
                                   acting_user=None, validate=False)
    c = accounts.organisation_create(name="Eastern Office", short_name="EO", kind="party", acting_user=None)
    eve = accounts.user_create(username="eve", password=PASSWORD, organisation=c, role="coordinator",
                               acting_user=None, validate=False)
    users = {"a_op": base.alice, "b_op": base.bob, "a_coord": base.carol, "mediator": base.mara,
             "medic": base.medic, "observer": base.otto, "a_ro": rita, "deactivated": base.dora,
             "outsider": base.outsider, "anonymous": None, "a_aud": auditor, "b_coord": made.berta, "third": eve}
    w = SecurityWorld(users=users, ids={}, base=base)
    w.base_c = c
    _people(w, base)
    _imports(w, base)
    _negotiations(w, base, made.agreement)
    _remains(w, base, made)
    _operations(w, base)
    _reconciliation(w, base)
    _security_keys(w, base)
    _transparency_log(w, base)  # last: its checkpoint covers every entry the world wrote
    return w
