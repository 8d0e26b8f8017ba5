"""axe-core in the page under test: the script comes from the selenium-axe-python package, never a CDN.

WebDriver's ``execute_script`` evaluates the script in the page through the
DevTools protocol, which the page's Content-Security-Policy does not govern
(it forbids inline and foreign script for the page's own content only), so
no policy is relaxed for the tests. Every rule axe-core ships runs; a page
passes with no violation of impact ``serious`` or ``critical``. Each scan's
full result is written beside the screenshots, for looking at the minor ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

BLOCKING = ("serious", "critical")
ROOT = Path(__file__).resolve().parents[2]
REPORTS = Path(os.environ.get("HOMEWARD_AXE_DIR", ROOT / "var" / "test-artifacts" / "axe"))


@cache
def axe_source() -> str:
    import selenium_axe_python

    return (Path(selenium_axe_python.__file__).parent / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@dataclass
class AxeReport:
    page: str
    url: str
    version: str
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def blocking(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["impact"] in BLOCKING]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for violation in self.violations:
            counts[violation["impact"]] = counts.get(violation["impact"], 0) + len(violation["nodes"])
        return counts

    def describe(self) -> str:
        lines = [f"{self.page} ({self.url}), axe-core {self.version}:"]
        for violation in self.blocking:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} — {targets}")
        return "\n".join(lines)


def axe_scan(driver: Any, page: str) -> AxeReport:
    """Run every axe-core rule on the page as it stands and keep the result as an artefact."""
    driver.execute_script(axe_source())
    assert driver.execute_script("return typeof window.axe") == "object", "axe-core was not injected"
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(done, (e) => done({error: String(e)}));")
    assert "error" not in result, result.get("error")
    report = AxeReport(page=page, url=result["url"], version=result["testEngine"]["version"],
                       violations=result["violations"])
    REPORTS.mkdir(parents=True, exist_ok=True)
    slug = "".join(c if c.isalnum() else "-" for c in page).strip("-")
    (REPORTS / f"{slug}.json").write_text(json.dumps({"page": page, "url": report.url, "counts": report.counts(),
                                                      "violations": report.violations}, indent=1, ensure_ascii=False),
                                          encoding="utf-8")
    return report
