"""homeward_core must never import Django or the homeward project (DESIGN: arrows point one way)."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "homeward_core"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_imports_django_or_the_project() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(
            name for name in _imported_modules(path)
            if name.split(".")[0] in {"django", "homeward", "ninja", "django_tasks"}
        )
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_core_package_loads_no_django() -> None:
    packages = sorted({p.parent.relative_to(CORE.parent).as_posix().replace("/", ".")
                       for p in CORE.rglob("__init__.py")})
    code = "import sys\n" + "".join(f"import {p}\n" for p in packages) + \
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'homeward')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
