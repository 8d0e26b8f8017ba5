"""Bandit (security linter) finds nothing in homeward's code; each accepted finding is marked where it is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bandit_finds_nothing() -> None:
    done = subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", "homeward", "homeward_core",
                           "-x", "*/migrations/*", "-f", "json"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    report = json.loads(done.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == [], "\n".join(findings)
    assert report["errors"] == []
