"""The canary scan: nothing party A's users can reach contains party B's, the mediator's or the doctors' secrets.

tests/security/world.py puts a unique canary string in every text field of
party B's own data (unshared declarations, their internal notes, correction
reasons and custody notes — also on records B shared with A —, B's import
files and batches, B's sought list, B's talks, proposals, agreement and
transfer with a third party, B's identifications) and of mediator-only and
medical-only data (interview contents, health details, on every party's
records), and of party B's reconciliation (its duplicates run's records and decision reasons, its
reviewers' reasons on candidates party A sees too) and the mediator's reasons on party A's candidates.
Party A's users then crawl everything they can reach: every page
linked from the home page (same origin, GET only), every API GET with every
id they discover and with party B's ids, both exports (XLSX decoded), and the
error pages for party B's ids. No response may contain a canary.
"""

from __future__ import annotations

import io
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import openpyxl
from django.test import Client
from django.urls import reverse

from tests.security.test_authorisation_matrix import api_operations
from tests.security.world import SecurityWorld, build_security_world

# alice (operator), carol (coordinator), and party A's read-only user and auditor.
SCANNED_PERSONAS = ("a_op", "a_coord", "a_ro", "a_aud")
# Every API GET with every id discovered: alice and carol (their roles are the ones that differ in what
# the API shows); the read-only user and the auditor crawl the pages, the lists, exports and error pages.
API_BY_ID_PERSONAS = ("a_op", "a_coord")
MAX_PAGES = 600
LINK = re.compile(r'(?:href|hx-get)="([^"#]*)', re.IGNORECASE)
HTMX = {"HTTP_HX_REQUEST": "true"}
# A search for "CANARY" matches every canary-bearing row the scoping lets through (the echo of the
# query itself is not a hit: every canary has a random tail).
SEARCH = "CANARY"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NEVER_FOLLOW = ("/accounts/logout/", "/static/", "/api/docs")


@dataclass
class Scan:
    canaries: list[str]
    responses: int = 0
    bytes: int = 0
    hits: list[tuple[str, str]] = field(default_factory=list)  # (where, canary)
    ids: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)

    def read(self, where: str, response: Any) -> str:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
            body = _xlsx_text(body).encode()
        text = body.decode("utf-8", errors="replace")
        self.responses += 1
        self.bytes += len(body)
        self.hits += [(where, canary) for canary in self.canaries if canary in text]
        self.paths.add(where)
        self.ids.update(UUID.findall(text))
        return text


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join("\t".join(str(cell) for cell in row if cell is not None)
                     for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def _same_origin_path(base: str, link: str) -> str | None:
    url = urlsplit(urljoin(base, link))
    if url.scheme not in ("", "http") or url.netloc not in ("", "testserver") or not url.path.startswith("/"):
        return None
    if url.path.startswith(NEVER_FOLLOW):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl_pages(client: Client, scan: Scan, start: list[str]) -> int:
    """Breadth-first from the home page, following every same-origin link (GET only), bounded.

    Each HTML page is also asked for as HTMX does (its fragment is a different template).
    """
    seen, queue = {"/", *start}, deque(["/", *start])
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        text = scan.read(f"GET {path}", response)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        scan.read(f"GET {path} (HTMX)", client.get(path, **HTMX))
        for link in LINK.findall(text):
            found = _same_origin_path(path, link.replace("&amp;", "&"))
            if found is not None and found not in seen:
                seen.add(found)
                queue.append(found)
    return len(seen)


def query_variants(w: SecurityWorld) -> list[str]:
    """Filters and pages the links do not spell out: every status and side of a plan, searches, party B's id."""
    b_party, plan, exchange = w.base.party_b.public_id, w.ids[("plan", "A")], w.ids[("exchange", "A")]
    found = [f"/registry/?q={SEARCH}", f"/registry/?party={b_party}", "/registry/?kind=sought",
             f"/registry/?kind=held&party={b_party}&q={SEARCH}", "/agreements/?show=all",
             f"/reports/agreements/{exchange}/statement/?public=1",
             f"/reports/agreements/{exchange}/statement/?phase={plan}", f"/reports/agreements/{exchange}/dashboard/"]
    for status in ("selected", "not_selected", "not_eligible"):
        for side in ("", "a", "b"):
            found.append(f"/planning/{plan}/?status={status}&side={side}")
            found.append(f"/api/plans/{plan}/entries?status={status}&side={side}&limit=1000")
    found += [f"/api/declarations?q={SEARCH}&limit=500", f"/api/declarations?party={b_party}&limit=500",
              "/api/declarations?kind=sought&limit=500", f"/api/plans?agreement={exchange}",
              f"/api/manifests?plan={plan}", f"/api/remains/transfers?agreement={w.ids[('agreement', 'B')]}",
              f"/api/remains/identifications?agreement={w.ids[('remains_agreement', 'A')]}"]
    # Reconciliation: every state of the queue, narrowed to party B's run and records, both runs by id.
    b_run, b_person, a_run = w.ids[("run", "B")], w.ids[("declaration", "B")], w.ids[("run", "A")]
    for state in ("open", "decided", "all"):
        for narrowed in ("", f"&run={b_run}", f"&run={a_run}", f"&declaration={b_person}", "&job=duplicates"):
            found.append(f"/reconciliation/queue/?state={state}{narrowed}")
            found.append(f"/api/reconciliation/candidates?state={state}{narrowed}&limit=500")
    found += [f"/reconciliation/runs/{a_run}/", "/api/reconciliation/runs?limit=500",
              f"/reconciliation/candidates/{w.ids[('candidate', 'A-and-B')]}/"]
    # The transparency log: the export with consistency proofs, and every checkpointed size's proofs.
    size = w.ids[("checkpoint", "-")]
    found += [f"/api/log/export?since=1&since={size // 2}", f"/api/log/checkpoints/{size}",
              f"/api/log/consistency?old_size=1&size={size}", f"/api/log/inclusion?index=0&size={size}"]
    return found


def api_get_templates() -> list[str]:
    return [op.split(" ", 1)[1] for op in api_operations() if op.startswith("GET ") and "openapi" not in op]


def crawl_api(client: Client, scan: Scan, extra_ids: set[str], *, by_id: bool = True) -> None:
    """Every API GET: the lists, then each templated one with every id discovered so far and party B's ids."""
    templates = api_get_templates()
    for template in templates:
        if "{" not in template:
            scan.read(f"GET {template}", client.get(template))
    ids = sorted(scan.ids | extra_ids) if by_id else sorted(extra_ids)
    for template in templates:
        if "{public_id}" not in template:
            continue
        for public_id in ids:
            url = template.replace("{public_id}", public_id).replace("{number}", "1")
            scan.read(f"GET {url}", client.get(url))


def exports(client: Client, scan: Scan, w: SecurityWorld) -> None:
    """Every list's export in both formats; the registry's narrowed to the canaries and to party B's records,
    the per-record ones with party A's record, those refused (403) or hidden (404) asked for anyway."""
    filters: list[dict[str, str]] = [{}, {"q": SEARCH}, {"party": str(w.base.party_b.public_id)}, {"kind": "sought"}]
    urls = [(reverse("reports:export_declarations"), filters)]
    for kind in ("imports", "plans", "aftercare", "transfers", "identifications", "audit", "candidates"):
        urls.append((reverse(f"reports:export_{kind}"), [{}, {"state": "all"}] if kind == "candidates" else [{}]))
    for kind, record in (("plan", "plan"), ("manifest", "manifest")):
        for owner in ("A", "B", "M"):
            if (record, owner) in w.ids:
                urls.append((reverse(f"reports:export_{kind}", args=[w.ids[(record, owner)]]), [{}]))
    for url, variants in urls:
        for file_format in ("csv", "xlsx"):
            for chosen in variants:
                response = client.post(url, {"format": file_format, **chosen})
                assert response.status_code in (200, 403, 404), (url, file_format, response.status_code)
                scan.read(f"POST {url} ({file_format}, {chosen})", response)


def error_pages(client: Client, scan: Scan, w: SecurityWorld) -> None:
    """Party B's and the mediator-only records asked for by id, on every page and API URL that takes one."""
    from tests.security.policy import POLICY
    from tests.security.test_authorisation_matrix import _url

    for row in POLICY:
        for owner in ("B", "M"):
            if owner in row.rules and row.record and row.method == "GET":
                url = _url(w, row, owner)
                scan.read(f"GET {url}", client.get(url))


def others_ids(w: SecurityWorld) -> set[str]:
    return {str(value) for (_, owner), value in w.ids.items() if owner in ("B", "M")}


def test_party_a_reaches_no_canary(db: Any) -> None:
    w = build_security_world()
    scan = Scan(w.canaries)
    pages = 0
    for persona in SCANNED_PERSONAS:
        client = Client()
        client.force_login(w.users[persona])
        pages += crawl_pages(client, scan, query_variants(w))
        crawl_api(client, scan, others_ids(w), by_id=persona in API_BY_ID_PERSONAS)
        exports(client, scan, w)
        error_pages(client, scan, w)
    print(f"\ncanary scan: {len(w.canaries)} canaries; {len(SCANNED_PERSONAS)} users of party A; "
          f"{pages} pages crawled; {scan.responses} responses, {scan.bytes:,} bytes scanned; "
          f"{len(scan.hits)} hits")
    # The crawl reached the record party B shared with party A, where B's note, reasons and custody notes live.
    assert f"GET /registry/{w.ids[('declaration', 'B-shared')]}/" in scan.paths
    # ... and the candidates where another organisation's decision (its reason hidden) is shown to party A.
    for kind in (("candidate_to_decide", "A"), ("candidate", "A-and-B")):
        assert f"GET /reconciliation/candidates/{w.ids[kind]}/" in scan.paths, kind
    assert not scan.hits, "party A read what it must not:\n" + "\n".join(sorted(f"{c} in {p}" for p, c in scan.hits))
    _positive_control(w)


def _positive_control(w: SecurityWorld) -> None:
    """The scan is not vacuous: the same reader finds the canaries where party B and the mediator may see them."""
    ids = w.ids
    people = [ids[("declaration", owner)] for owner in ("A", "B", "M", "B-shared", "B-sought")]
    reads = {
        "b_op": [f"/registry/{ids[('declaration', o)]}/" for o in ("B", "B-shared", "B-sought")]
        + [f"/registry/imports/{ids[('import', 'B')]}/", f"/agreements/talks/{ids[('talks', 'B')]}/"]
        + [f"/reconciliation/candidates/{ids[('candidate', k)]}/" for k in ("B", "A-and-B")]
        + ["/reconciliation/queue/?state=all", "/api/reconciliation/candidates?state=all"],
        "mediator": [f"/registry/{person}/" for person in people] + [f"/agreements/talks/{ids[('talks', 'B')]}/"]
        + [f"/reconciliation/candidates/{ids[k]}/" for k in (("candidate_to_decide", "A"), ("candidate", "M"),
                                                        ("candidate", "B"))],
    }
    found: dict[str, set[str]] = {}
    for persona, paths in reads.items():
        client = Client()
        client.force_login(w.users[persona])
        scan = Scan(w.canaries)
        for path in paths:
            scan.read(path, client.get(path))
        exports(client, scan, w)
        found[persona] = {canary for _, canary in scan.hits}
    for label in ("B-held-surname", "B-held-internal_note", "B-shared-reason", "B-sought-reason",
                  "B-import-filename", "BC-talks-title", "B-custody-note", "B-dup0-surname", "B-dup1-given",
                  "B-dup-decision-reason", "B-decision-reason"):
        assert any(label in canary for canary in found["b_op"]), label
    for label in ("interview-A", "interview-B", "health-A-details", "health-B-details", "BC-talks-title", "C-surname",
                  "mediator-decision-reason", "B-dup-decision-reason", "B-held-surname"):
        assert any(label in canary for canary in found["mediator"]), label
    print(f"positive control: party B's operator reads {len(found['b_op'])} of the canaries, "
          f"the mediator {len(found['mediator'])}")
