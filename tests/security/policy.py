"""Who may use each URL and API operation: the authorisation policy, one row per URL pattern or operation.

Read a row as: for this URL (a Django URL name such as ``registry:detail``, or an API
operation ``METHOD /api/path`` as in the OpenAPI document) and this method, with the id
of a record of this owner in the URL, these personas are *allowed*; these are *forbidden*
(403: their role may not); every other signed-in member gets *other* (404 for a record
they may not see: existence does not leak; 403 where no record is involved). Who is not
signed in, and the deactivated, go to the sign-in page (pages) or get 401 (API); a user
without an organisation gets 403 (pages) or 401 (API).

Personas: ``a_op`` party A operator (alice), ``a_coord`` party A coordinator (carol),
``a_ro`` party A read-only (rita), ``a_aud`` party A auditor (audrey), ``b_op`` party B operator (bob), ``mediator`` the
mediator's coordinator (mara), ``medic`` the transit medical service's medical officer,
``observer`` the observer mission's auditor (otto), ``deactivated`` (dora, party A),
``anonymous``, ``outsider`` (signed in, no organisation).

Owners (see tests/security/world.py): ``A`` party A's record, or one party A takes part
in; ``B`` party B's record that party A has no part in; ``M`` a record only the mediator
sees among the personas; ``-`` no record in the URL.

"Allowed" means the request was not refused: any status but 401, 403, 404 and a
redirect to the sign-in page. Writes are sent with a valid body where the body
decides nothing about the refusal (``body`` names it, built in the test), so an allowed
persona really writes; page POSTs are sent empty, so an allowed persona gets the form's
errors (see ``note``).

Adding a URL: add a row here (``page(...)`` or ``api(...)``) naming who may use it for
each owner; ``test_every_url_and_operation_has_a_policy_row`` fails, naming the URL,
until you do.
"""

from __future__ import annotations

from dataclasses import dataclass

A_OP, A_COORD, A_RO, A_AUD = "a_op", "a_coord", "a_ro", "a_aud"
B_OP, MEDIATOR, MEDIC, OBSERVER = "b_op", "mediator", "medic", "observer"
DEACTIVATED, ANONYMOUS, OUTSIDER = "deactivated", "anonymous", "outsider"

PERSONAS = (A_OP, A_COORD, A_RO, A_AUD, B_OP, MEDIATOR, MEDIC, OBSERVER, DEACTIVATED, ANONYMOUS, OUTSIDER)
MEMBERS = frozenset({A_OP, A_COORD, A_RO, A_AUD, B_OP, MEDIATOR, MEDIC, OBSERVER})
PARTY_A = frozenset({A_OP, A_COORD, A_RO, A_AUD})
# Party A's users who read but do not write: its read-only user and its auditor.
A_READERS = frozenset({A_RO, A_AUD})
A_EDITORS = frozenset({A_OP, A_COORD})
PARTIES = PARTY_A | {B_OP}
NEGOTIATORS = PARTIES | {MEDIATOR}  # the two parties and the mediator
EVERYONE = frozenset(PERSONAS)

ALLOWED = "allowed"
SIGN_IN = "sign-in"  # a redirect to the sign-in page
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """For one owner: who is allowed, who is forbidden (403), and what the other members get."""

    allow: frozenset[str]
    forbid: frozenset[str] = NOBODY
    other: int = 404
    fixed: str | int | None = None  # the same answer for everyone (signing out)

    def expected(self, persona: str, *, api: bool) -> str | int:
        if self.fixed is not None:
            return self.fixed
        if persona in self.allow:
            return ALLOWED
        if persona in (ANONYMOUS, DEACTIVATED):
            return 401 if api else SIGN_IN
        if persona == OUTSIDER:
            return 401 if api else 403
        if persona in self.forbid:
            return 403
        return self.other


def may(*groups: str | frozenset[str], forbid: frozenset[str] | set[str] = NOBODY, other: int = 404) -> Rule:
    allowed: set[str] = set()
    for group in groups:
        allowed |= {group} if isinstance(group, str) else set(group)
    return Rule(frozenset(allowed), frozenset(forbid) - allowed, other)


def role(*groups: str | frozenset[str]) -> Rule:
    """No record in the URL: the allowed roles; every other member is forbidden (403)."""
    return may(*groups, other=403)


@dataclass(frozen=True)
class Row:
    key: str  # Django URL name, or "METHOD /api/path" for an API operation
    method: str
    rules: dict[str, Rule]  # owner -> rule
    record: str = ""  # the kind of record whose public id fills the URL (tests/security/world.py)
    body: str = ""  # the request body the test builds (empty: none)
    query: str = ""  # a query string; {kind} is replaced with the id of that kind of record of the owner
    note: str = ""

    @property
    def is_api(self) -> bool:
        return self.key.startswith(("GET ", "POST ", "PATCH ", "PUT ", "DELETE "))


def page(key: str, method: str = "GET", *, record: str = "", note: str = "", body: str = "",
         **rules: Rule) -> Row:
    return Row(key, method, _owners(rules), record, body, "", note)


def api(key: str, *, record: str = "", body: str = "", query: str = "", note: str = "", **rules: Rule) -> Row:
    return Row(key, key.split(" ", 1)[0], _owners(rules), record, body, query, note)


def _owners(rules: dict[str, Rule]) -> dict[str, Rule]:
    return {("-" if owner == "none" else owner): rule for owner, rule in rules.items()}


# Who reads a record of each owner ------------------------------------------------------------------------

# Party A's declaration, shared with the medical service; party B's, shared with it too; party C's.
SEES_A_PERSON = may(PARTY_A, MEDIATOR, MEDIC)
SEES_B_PERSON = may(B_OP, MEDIATOR, MEDIC)
SEES_C_PERSON = may(MEDIATOR)
# Talks and agreements: the two parties and the mediator of each, observers (read-only) all.
SEES_A_NEGOTIATION = may(NEGOTIATORS, OBSERVER)
SEES_B_NEGOTIATION = may(B_OP, MEDIATOR, OBSERVER)
# Plans, manifests, protocols, ledgers: the agreement's two parties and its mediator.
SEES_A_PLAN = may(NEGOTIATORS)
# Phases are planned by the mediator's planners and the parties' coordinators.
PLANNERS = frozenset({A_COORD, MEDIATOR})
# Remains rows: sender, receiver and the agreement's mediator.
SEES_A_REMAINS = may(NEGOTIATORS)
SEES_B_REMAINS = may(B_OP, MEDIATOR)

# After-care of party A's man returned by party B: his own party's editors record it; party A's
# read-only users and the mediator may not (403); the holding party and others do not see him (404).
AFTERCARE_OF_A_MAN = may(A_EDITORS, forbid={*A_READERS, MEDIATOR})

# Reconciliation (docs/reconciliation.md): the parties and the mediator; the medical service and observers take no
# part (the pages answer them 403 before any record; the API's lists are empty and its ids 404). A run is seen
# by the parties whose lists it compared (``A``: party A's sought list against party B's held roster, so B too;
# ``B``: B's duplicates). A candidate only by a party whose record it involves AND that may see both records
# (``A``: A's man and B's record shared with A; ``M``: A's man and B's unshared record, the mediator's alone;
# ``B``: two of B's own unshared records). Editors of the parties and the mediator's decide; readers may not.
RECONCILERS = NEGOTIATORS
NOT_RECONCILING = frozenset({MEDIC, OBSERVER})
# Who may hand in a cosignature: coordinators and auditors of an organisation that runs a witness.
WITNESS_RUNNERS = frozenset({A_COORD, A_AUD, MEDIATOR, OBSERVER})

POLICY: tuple[Row, ...] = (
    # Accounts -------------------------------------------------------------------------------------------
    page("home", none=role(MEMBERS)),
    page("accounts:login", none=may(EVERYONE), note="the sign-in page itself; signed-in users are sent home"),
    page("accounts:logout", "POST", none=Rule(NOBODY, fixed=SIGN_IN),
         note="anyone may sign out; the answer is always the sign-in page"),
    page("accounts:confirm", none=may(MEMBERS, OUTSIDER), note="password confirmation: any signed-in user"),
    page("accounts:otp", none=may(MEMBERS, OUTSIDER), note="second-factor step: any signed-in user"),
    page("accounts:otp_setup", none=may(MEMBERS, OUTSIDER), note="second-factor enrolment: any signed-in user"),
    page("accounts:security_keys", none=may(MEMBERS, OUTSIDER), note="one's own security keys: any signed-in user"),
    page("accounts:security_key_options", "POST", none=may(MEMBERS, OUTSIDER),
         note="options to register a key for oneself (first factor, or on a verified recent sign-in)"),
    page("accounts:security_key_register", "POST", none=may(MEMBERS, OUTSIDER),
         note="the answer to one's own registration challenge (400 without one)"),
    page("accounts:security_key_remove", "POST", record="security_key", A=may(), B=may(), M=may(),
         note="only its owner removes a key, and no persona owns one: 404 for everyone, whoever's key it is"),
    page("accounts:security_key_challenge", "POST", none=may(MEMBERS, OUTSIDER),
         note="sign-in options naming one's own keys (400 without any)"),
    page("accounts:security_key_verify", "POST", none=may(MEMBERS, OUTSIDER),
         note="the answer to one's own sign-in challenge (400 without one)"),
    page("accounts:language", "POST", none=may(EVERYONE),
         note="the language switch: anyone (a member's choice is kept on their membership, anyone else's in a "
              "cookie); an empty POST is a 400 naming the languages offered"),
    # Registry -------------------------------------------------------------------------------------------
    page("registry:list", none=role(MEMBERS), note="everyone signed in; the rows are scoped"),
    page("registry:import", none=role(MEMBERS)),
    page("registry:import", "POST", none=role(A_EDITORS, B_OP),
         note="an empty upload form: the parties' editors get its errors"),
    page("registry:import_detail", record="import", A=may(PARTY_A, MEDIATOR), B=may(B_OP, MEDIATOR)),
    page("registry:import_mapping", "POST", record="import", A=may(A_EDITORS, forbid={*A_READERS, MEDIATOR}),
         B=may(B_OP, forbid={MEDIATOR})),
    page("registry:import_commit", "POST", record="import", A=may(A_EDITORS, forbid={*A_READERS, MEDIATOR}),
         B=may(B_OP, forbid={MEDIATOR})),
    page("registry:import_recheck", "POST", record="import", A=may(A_EDITORS, forbid={*A_READERS, MEDIATOR}),
         B=may(B_OP, forbid={MEDIATOR})),
    page("registry:detail", record="declaration", A=SEES_A_PERSON, B=SEES_B_PERSON, M=SEES_C_PERSON),
    page("registry:detail", "POST", record="declaration",
         A=may(A_EDITORS, forbid={*A_READERS, MEDIATOR, MEDIC}), B=may(B_OP, forbid={MEDIATOR, MEDIC}),
         M=may(NOBODY, forbid={MEDIATOR}), note="a correction, sent empty: editors get the form's errors"),
    # Agreements -----------------------------------------------------------------------------------------
    page("agreements:index", none=role(MEMBERS - {MEDIC}), note="medical services take no part in negotiations"),
    page("agreements:terms_schema", none=may(MEMBERS, OUTSIDER), note="the terms format (JSON Schema), no data"),
    page("agreements:talks_new", none=role(MEDIATOR)),
    page("agreements:talks", record="talks", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    page("agreements:talks_propose", "POST", record="talks",
         A=may(A_COORD, forbid={A_OP, *A_READERS, B_OP, MEDIATOR, OBSERVER}),
         B=may(NOBODY, forbid={B_OP, MEDIATOR, OBSERVER})),
    page("agreements:agreement_new", record="talks", A=may(MEDIATOR, forbid=PARTY_A | {B_OP, OBSERVER}),
         B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    page("agreements:proposal_decide", "POST", record="proposal",
         A=may(A_COORD, forbid={A_OP, *A_READERS, B_OP, MEDIATOR, OBSERVER}),
         B=may(NOBODY, forbid={B_OP, MEDIATOR, OBSERVER})),
    page("agreements:detail", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    page("agreements:add_version", "POST", record="agreement", body="version_page",
         A=may(MEDIATOR, forbid=PARTIES | {OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    page("agreements:sign", "POST", record="agreement", body="signature",
         A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP, OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    page("agreements:state", "POST", record="agreement", body="state",
         A=may(MEDIATOR, forbid=PARTIES | {OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    page("agreements:terms_json", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    page("agreements:trust_root", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    page("agreements:trust_root_export", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    page("agreements:log_trust_export", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    page("agreements:trust_root_propose", "POST", record="agreement", note="the agreement's mediator's coordinator",
         A=may(MEDIATOR, forbid=PARTIES | {OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    page("agreements:trust_root_sign", "POST", record="agreement", note="each organisation's coordinator",
         A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP, OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    page("agreements:log_trust_sign", "POST", record="agreement", note="each organisation's coordinator",
         A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP, OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    # Audit ----------------------------------------------------------------------------------------------
    page("audit:log", none=role(A_AUD, MEDIATOR, OBSERVER), note="a party's auditor reads its own entries"),
    page("audit:verify", none=role(A_AUD, MEDIATOR, OBSERVER)),
    # Planning -------------------------------------------------------------------------------------------
    page("planning:index", none=role(MEMBERS)),
    page("planning:draft", "POST", body="draft_page", none=role(PLANNERS)),
    page("planning:detail", record="plan", A=SEES_A_PLAN),
    page("planning:adjust", "POST", record="draft_plan", body="adjustment",
         A=may(PLANNERS, forbid={A_OP, *A_READERS, B_OP})),
    page("planning:propose", "POST", record="draft_plan", A=may(PLANNERS, forbid={A_OP, *A_READERS, B_OP})),
    page("planning:approve", "POST", record="plan", A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP})),
    # Operations -----------------------------------------------------------------------------------------
    page("operations:index", none=role(MEMBERS)),
    page("operations:manifests_make", "POST", record="plan", A=may(MEDIATOR, forbid=PARTIES)),
    page("operations:protocol", record="plan", A=SEES_A_PLAN),
    page("operations:protocol_create", "POST", record="plan", A=may(MEDIATOR, forbid=PARTIES)),
    page("operations:protocol_sign", "POST", record="plan", A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP})),
    page("operations:manifest", record="manifest", A=SEES_A_PLAN),
    page("operations:manifest_sign", "POST", record="manifest",
         A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP})),
    page("operations:outcome", "POST", record="manifest", body="outcome", A=may(MEDIATOR, forbid=PARTIES)),
    page("operations:ledger", record="exchange", A=may(NEGOTIATORS, forbid={MEDIC, OBSERVER})),
    page("operations:aftercare", none=role(MEMBERS)),
    page("operations:aftercare_record", "POST", body="aftercare", none=role(A_EDITORS),
         note="the page answers 403 for a person the user may not record after-care for, seen or not"),
    # Reports --------------------------------------------------------------------------------------------
    page("reports:statement", record="exchange", A=SEES_A_PLAN),
    page("reports:dashboard", record="exchange", A=SEES_A_PLAN),
    page("reports:statement_pdf", record="exchange", A=SEES_A_PLAN),
    page("reports:person_forms", record="declaration", A=SEES_A_PERSON, B=SEES_B_PERSON, M=SEES_C_PERSON),
    page("reports:person_forms_pdf", record="declaration", A=SEES_A_PERSON, B=SEES_B_PERSON, M=SEES_C_PERSON),
    page("public:statistics", none=may(EVERYONE), note="aggregates only, small cells hidden: no sign-in"),
    page("public:hxl", none=may(EVERYONE), note="the public page's figures as HXL"),
    # Exports: the list page's readers, the rows scoped like the page (homeward/reports/exports.py).
    page("reports:export_declarations", "POST", body="export", none=role(MEMBERS), note="scoped like the list"),
    page("reports:export_imports", "POST", body="export", none=role(MEMBERS), note="scoped like the list"),
    page("reports:export_candidates", "POST", body="export", none=role(RECONCILERS), note="scoped like the queue"),
    page("reports:export_plans", "POST", body="export", none=role(MEMBERS), note="scoped like the list"),
    page("reports:export_plan", "POST", record="plan", body="export", A=SEES_A_PLAN),
    page("reports:export_manifest", "POST", record="manifest", body="export", A=SEES_A_PLAN),
    page("reports:export_aftercare", "POST", body="export", none=role(MEMBERS), note="scoped like the list"),
    page("reports:export_transfers", "POST", body="export", none=role(MEMBERS - {MEDIC, OBSERVER}),
         note="the parties and the mediator, like the identifications page"),
    page("reports:export_identifications", "POST", body="export", none=role(MEMBERS - {MEDIC, OBSERVER})),
    page("reports:export_audit", "POST", body="export", none=role(A_AUD, MEDIATOR, OBSERVER),
         note="a party's auditor exports its own entries"),
    # Remains --------------------------------------------------------------------------------------------
    page("remains:index", none=role(MEMBERS - {MEDIC})),
    page("remains:agreement", record="agreement", A=may(NEGOTIATORS, OBSERVER, forbid={MEDIC}),
         B=may(B_OP, MEDIATOR, OBSERVER, forbid={MEDIC})),
    page("remains:transfer", record="transfer", A=SEES_A_REMAINS, B=SEES_B_REMAINS),
    page("remains:receive", "POST", record="transfer", A=may(A_EDITORS, forbid={*A_READERS, B_OP, MEDIATOR}),
         B=may(NOBODY, forbid={B_OP, MEDIATOR})),
    page("remains:discrepancy", "POST", record="transfer", A=may(A_EDITORS, forbid={*A_READERS, B_OP, MEDIATOR}),
         B=may(NOBODY, forbid={B_OP, MEDIATOR})),
    page("remains:identifications", none=role(MEMBERS - {MEDIC, OBSERVER})),
    page("remains:identification", record="identification", A=may(PARTY_A, MEDIATOR), B=may(B_OP, MEDIATOR)),
    page("remains:return_complete", "POST", record="return", A=may(B_OP, forbid=PARTY_A | {MEDIATOR})),
    # The API's own documents ----------------------------------------------------------------------------
    page("api:openapi-json", none=may(EVERYONE), note="the published contract, no data"),
    page("api:openapi-view", none=may(EVERYONE), note="the interactive documentation, no data"),
    # API: registry --------------------------------------------------------------------------------------
    api("GET /api/declarations", none=may(MEMBERS)),
    api("POST /api/declarations", body="declaration", none=role(A_EDITORS, B_OP)),
    api("GET /api/declarations/{public_id}", record="declaration", A=SEES_A_PERSON, B=SEES_B_PERSON,
        M=SEES_C_PERSON),
    api("PATCH /api/declarations/{public_id}", record="declaration", body="correction",
        A=may(A_EDITORS, forbid={*A_READERS, MEDIATOR, MEDIC}), B=may(B_OP, forbid={MEDIATOR, MEDIC}),
        M=may(NOBODY, forbid={MEDIATOR}), note="a stale If-Match: allowed editors get 409, nothing written"),
    api("GET /api/declarations/{public_id}/history", record="declaration", A=SEES_A_PERSON, B=SEES_B_PERSON,
        M=SEES_C_PERSON),
    api("GET /api/declarations/{public_id}/health", record="declaration", A=may(MEDIATOR, MEDIC, forbid=PARTY_A),
        B=may(MEDIATOR, MEDIC, forbid={B_OP}), M=may(MEDIATOR)),
    api("POST /api/declarations/{public_id}/identity-confirmation", record="held_by_b", body="confirmation",
        A=may(A_EDITORS, forbid={*A_READERS, B_OP, MEDIATOR}), note="party A confirms its own man held by party B"),
    api("POST /api/imports", body="upload", none=role(A_EDITORS, B_OP)),
    api("GET /api/imports/{public_id}", record="import", A=may(PARTY_A, MEDIATOR), B=may(B_OP, MEDIATOR)),
    api("POST /api/imports/{public_id}/commit", record="import", A=may(A_EDITORS, forbid={*A_READERS, MEDIATOR}),
        B=may(B_OP, forbid={MEDIATOR})),
    api("GET /api/audit/verify", none=role(A_AUD, MEDIATOR, OBSERVER)),
    # API: agreements ------------------------------------------------------------------------------------
    api("GET /api/agreements/talks", none=may(MEMBERS)),
    api("POST /api/agreements/talks", body="talks", none=role(MEDIATOR)),
    api("GET /api/agreements/talks/{public_id}", record="talks", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    api("POST /api/agreements/talks/{public_id}/proposals", record="talks", body="proposal",
        A=may(A_COORD, forbid={A_OP, *A_READERS, B_OP, MEDIATOR, OBSERVER}),
        B=may(NOBODY, forbid={B_OP, MEDIATOR, OBSERVER})),
    api("POST /api/agreements/proposals/{public_id}/decision", record="proposal", body="decision",
        A=may(NOBODY, forbid={A_OP, A_COORD, *A_READERS, B_OP, MEDIATOR, OBSERVER}),
        B=may(NOBODY, forbid={B_OP, MEDIATOR, OBSERVER}),
        note="party A's proposal: only party B's coordinator (not a persona here) decides it"),
    api("GET /api/agreements", none=may(MEMBERS)),
    api("POST /api/agreements", body="agreement", none=may(MEDIATOR, forbid=PARTIES | {OBSERVER}),
        note="about party A's talks: the medical service cannot see them (404)"),
    api("GET /api/agreements/{public_id}", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    api("GET /api/agreements/{public_id}/versions", record="agreement", A=SEES_A_NEGOTIATION, B=SEES_B_NEGOTIATION),
    api("POST /api/agreements/{public_id}/versions", record="agreement", body="version",
        A=may(MEDIATOR, forbid=PARTIES | {OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    api("GET /api/agreements/{public_id}/versions/{number}", record="agreement", A=SEES_A_NEGOTIATION,
        B=SEES_B_NEGOTIATION),
    api("POST /api/agreements/{public_id}/versions/{number}/signatures", record="agreement", body="signature",
        A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP, OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    api("POST /api/agreements/{public_id}/state", record="agreement", body="state",
        A=may(MEDIATOR, forbid=PARTIES | {OBSERVER}), B=may(MEDIATOR, forbid={B_OP, OBSERVER})),
    # API: planning --------------------------------------------------------------------------------------
    api("GET /api/plans", none=may(MEMBERS)),
    api("POST /api/plans", body="draft", none=may(PLANNERS, forbid={A_OP, *A_READERS, B_OP}),
        note="about the A–B exchange: others cannot see it (404)"),
    api("GET /api/plans/{public_id}", record="plan", A=SEES_A_PLAN),
    api("GET /api/plans/{public_id}/entries", record="plan", A=SEES_A_PLAN),
    api("POST /api/plans/{public_id}/adjustments", record="draft_plan", body="adjustment",
        A=may(PLANNERS, forbid={A_OP, *A_READERS, B_OP})),
    api("POST /api/plans/{public_id}/propose", record="draft_plan", A=may(PLANNERS, forbid={A_OP, *A_READERS, B_OP})),
    api("POST /api/plans/{public_id}/approve", record="plan",
        A=may(A_COORD, MEDIATOR, forbid={A_OP, *A_READERS, B_OP})),
    # API: operations ------------------------------------------------------------------------------------
    api("GET /api/manifests", query="plan={plan}", none=may(MEMBERS), note="scoped: others get an empty list"),
    api("POST /api/manifests", body="manifests", none=may(MEDIATOR, forbid=PARTIES),
        note="about the A–B exchange: others cannot see its plan (404)"),
    api("GET /api/manifests/{public_id}", record="manifest", A=SEES_A_PLAN),
    api("POST /api/manifests/{public_id}/sign", record="manifest", A=may(A_COORD, MEDIATOR,
                                                                       forbid={A_OP, *A_READERS, B_OP})),
    api("POST /api/manifests/{public_id}/outcomes", record="manifest", body="outcome",
        A=may(MEDIATOR, forbid=PARTIES)),
    api("GET /api/agreements/{public_id}/ledger", record="exchange", A=SEES_A_PLAN),
    api("GET /api/plans/{public_id}/protocol", record="plan", A=SEES_A_PLAN),
    api("POST /api/aftercare", body="aftercare", none=AFTERCARE_OF_A_MAN),
    # API: remains ---------------------------------------------------------------------------------------
    api("GET /api/remains/transfers", none=may(MEMBERS)),
    api("POST /api/remains/transfers", body="announce", none=may(A_EDITORS, B_OP, forbid={*A_READERS, MEDIATOR})),
    api("GET /api/remains/transfers/{public_id}", record="transfer", A=SEES_A_REMAINS, B=SEES_B_REMAINS),
    api("POST /api/remains/transfers/{public_id}/receipt", record="transfer", body="receipt",
        A=may(A_EDITORS, forbid={*A_READERS, B_OP, MEDIATOR}), B=may(NOBODY, forbid={B_OP, MEDIATOR})),
    api("GET /api/remains/transfers/{public_id}/units", record="transfer", A=SEES_A_REMAINS, B=SEES_B_REMAINS),
    api("POST /api/remains/units/{public_id}/discrepancy", record="unit", body="discrepancy",
        A=may(A_EDITORS, forbid={*A_READERS, B_OP, MEDIATOR}), B=may(NOBODY, forbid={B_OP, MEDIATOR})),
    api("GET /api/remains/identifications", none=may(MEMBERS)),
    api("POST /api/remains/identifications", body="identification", none=role(A_EDITORS, B_OP)),
    api("GET /api/remains/identifications/{public_id}", record="identification", A=may(PARTY_A, MEDIATOR),
        B=may(B_OP, MEDIATOR)),
    api("GET /api/remains/returns", none=may(MEMBERS)),
    api("POST /api/remains/returns/{public_id}/complete", record="return", body="completion",
        A=may(B_OP, forbid=PARTY_A | {MEDIATOR})),
    api("GET /api/remains/agreements/{public_id}/progress", record="agreement", A=may(NEGOTIATORS, OBSERVER),
        B=may(B_OP, MEDIATOR, OBSERVER)),
    # Reconciliation: runs, the review queue, candidates and decisions ------------------------------------
    page("matching:index", none=role(RECONCILERS), note="the runs the user's organisation took part in"),
    page("matching:index", "POST", none=role(A_EDITORS, B_OP, MEDIATOR),
         note="the start form, sent empty: the mediator's editors (any run) and the parties' (their own "
              "duplicates) get its errors"),
    page("matching:queue", none=role(RECONCILERS), note="scoped: a party's own candidates whose records it sees"),
    page("matching:run", record="run", A=may(RECONCILERS, forbid=NOT_RECONCILING),
         B=may(B_OP, MEDIATOR, forbid=NOT_RECONCILING)),
    page("matching:candidate", record="candidate", A=may(PARTY_A, MEDIATOR, forbid=NOT_RECONCILING),
         B=may(B_OP, MEDIATOR, forbid=NOT_RECONCILING), M=may(MEDIATOR, forbid=NOT_RECONCILING)),
    page("matching:candidate", "POST", record="candidate",
         A=may(A_EDITORS, MEDIATOR, forbid={*A_READERS, *NOT_RECONCILING}),
         B=may(B_OP, MEDIATOR, forbid=NOT_RECONCILING), M=may(MEDIATOR, forbid=NOT_RECONCILING),
         note="a decision, sent empty: the deciding organisation's editors and the mediator's get its errors"),
    api("GET /api/reconciliation/runs", none=may(MEMBERS), note="scoped: others get an empty list"),
    api("POST /api/reconciliation/runs", body="run", none=role(A_EDITORS, MEDIATOR),
        note="party A's duplicates: its own editors and the mediator's; nobody else may (403)"),
    api("GET /api/reconciliation/runs/{public_id}", record="run", A=may(RECONCILERS), B=may(B_OP, MEDIATOR)),
    api("GET /api/reconciliation/candidates", none=may(MEMBERS), note="scoped: others get an empty page"),
    api("GET /api/reconciliation/candidates/{public_id}", record="candidate", A=may(PARTY_A, MEDIATOR),
        B=may(B_OP, MEDIATOR), M=may(MEDIATOR)),
    api("POST /api/reconciliation/candidates/{public_id}/decisions", record="candidate_to_decide", body="verdict",
        A=may(A_EDITORS, MEDIATOR, forbid=A_READERS), B=may(B_OP, MEDIATOR), M=may(MEDIATOR),
        note="a candidate of its own (tests/security/world.py), decided by the mediator: A's editors get 409"),
    # Transparency log: checkpoints and proofs (hashes only), cosignatures, exports ------------------------
    api("GET /api/log/checkpoint", none=may(MEMBERS), note="hashes only: every member"),
    api("GET /api/log/checkpoints/{size}", none=may(MEMBERS)),
    api("GET /api/log/consistency", query="old_size=1", none=may(MEMBERS)),
    api("GET /api/log/inclusion", query="index=0", none=may(MEMBERS)),
    api("POST /api/log/checkpoints/{size}/cosignatures", body="cosignature",
        none=role(WITNESS_RUNNERS),
        note="party A's witness's line: A's coordinator hands it in (201), the other witness runners get 400 "
             "(already cosigned, not their organisation's witness); other roles may not (403)"),
    api("GET /api/log/export", none=role(A_AUD, MEDIATOR, OBSERVER),
        note="auditors and the mediator; a party's auditor gets only its own entries opened (the canary scan)"),
)
