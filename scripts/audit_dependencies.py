"""Audit the installed Python environment against the OSV vulnerability database (pip-audit).

    python scripts/audit_dependencies.py [--require-service]

Exit status 0: every installed distribution was checked and none has a known
vulnerability. 1: vulnerabilities were found (each is listed with the version
that fixes it), or pip-audit failed for another reason. When the vulnerability
service cannot be reached (a machine without internet), nothing was audited:
the script says so in a warning naming the reason and exits 0, unless
``--require-service`` (or HOMEWARD_AUDIT_REQUIRED=1) makes that an error too.

pip-audit asks the OSV API (api.osv.dev) rather than PyPI's JSON API, so a
package mirror without that API does not turn into a silent "all skipped".
The project itself (installed editable) is not on any index and is skipped.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

UNREACHABLE = re.compile(r"NameResolutionError|Failed to resolve|ConnectionError|Max retries exceeded|"
                         r"timed out|Network is unreachable|Connection refused|SSLError|Could not connect")


def _run() -> tuple[int, str, dict | None]:
    # HOMEWARD_OSV_URL: another OSV-compatible endpoint (a mirror of the database; the tests' stand-in).
    osv_url = ["--osv-url", os.environ["HOMEWARD_OSV_URL"]] if os.environ.get("HOMEWARD_OSV_URL") else []
    with tempfile.TemporaryDirectory(prefix="homeward-audit-") as folder:
        report = Path(folder) / "audit.json"
        # A fixed command line: this interpreter's own pip-audit module, no shell, no outside input.
        completed = subprocess.run(  # nosec B603
            [sys.executable, "-m", "pip_audit", "--local", "--skip-editable", "--vulnerability-service", "osv",
             "--progress-spinner", "off", "--timeout", "20", "--format", "json", "--output", str(report),
             *osv_url],
            capture_output=True, text=True, check=False)
        document = json.loads(report.read_text(encoding="utf-8")) if report.exists() and report.stat().st_size else None
    return completed.returncode, completed.stderr + completed.stdout, document


def main() -> int:
    required = "--require-service" in sys.argv[1:] or os.environ.get("HOMEWARD_AUDIT_REQUIRED") == "1"
    status, output, document = _run()
    if document is None:
        reasons = [line for line in output.splitlines() if UNREACHABLE.search(line)]
        if reasons:
            print("WARNING: dependencies NOT audited: pip-audit could not reach the OSV vulnerability service "
                  f"(api.osv.dev): {reasons[-1].strip()[:400]}", file=sys.stderr)
            return 1 if required else 0
        print(f"pip-audit failed (exit status {status}):\n{output[-3000:]}", file=sys.stderr)
        return 1
    dependencies = document.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    for dependency in skipped:
        print(f"skipped {dependency['name']} {dependency.get('version', '')}: {dependency['skip_reason']}")
    print(f"pip-audit (OSV): {len(audited)} distributions audited, {len(skipped)} skipped, "
          f"{sum(len(d['vulns']) for d in vulnerable)} known vulnerabilities in {len(vulnerable)}")
    if vulnerable:
        return 1
    if not audited:
        print("WARNING: no distribution could be audited", file=sys.stderr)
        return 1 if required else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
