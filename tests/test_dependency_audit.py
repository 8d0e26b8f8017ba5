"""scripts/audit_dependencies.py (pip-audit in CI): a finding fails, a clean audit passes, no service warns.

The vulnerability service is a local stand-in speaking the OSV query API, so
the test needs no network: it answers for Django with an advisory, or with
nothing, or is not there at all.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_dependencies.py"
ADVISORY = {"id": "PYSEC-0000-TEST", "summary": "a stand-in advisory", "schema_version": "1.6.0",
            "affected": [{"package": {"name": "django", "ecosystem": "PyPI"},
                          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}]}]}


def _stand_in(flagged: set[str]) -> ThreadingHTTPServer:
    class OSV(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            body = {"vulns": [ADVISORY]} if query["package"]["name"] in flagged else {}
            raw = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), OSV)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _audit(url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False, timeout=300,
                          env={**os.environ, "HOMEWARD_OSV_URL": url, **env})


@pytest.mark.parametrize("flagged", [{"django"}, set()], ids=["advisory", "clean"])
def test_an_advisory_fails_the_audit_and_a_clean_one_passes(flagged: set[str]) -> None:
    server = _stand_in(flagged)
    try:
        result = _audit(f"http://127.0.0.1:{server.server_port}/v1/query")
    finally:
        server.shutdown()
        server.server_close()
    if flagged:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "VULNERABLE django" in result.stdout and "PYSEC-0000-TEST (fixed in 99.0)" in result.stdout
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 known vulnerabilities" in result.stdout
        assert "WARNING" not in result.stderr


def test_an_unreachable_service_is_a_warning_naming_the_reason_not_a_silent_pass() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1/query"
    result = _audit(url)
    assert result.returncode == 0
    assert "WARNING: dependencies NOT audited" in result.stderr and "Connection" in result.stderr
    assert _audit(url, HOMEWARD_AUDIT_REQUIRED="1").returncode == 1
