"""The layer order (README, "Layout") and the one clock, checked in the source: models never
import the web or calendars, calendars never the web, and nothing asks the server's zone for
"today", which names the wrong day between midnight in Riga and midnight in UTC."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IMPORTS = {"models": ("app", "litestar", "calendars"), "calendars": ("app", "litestar")}
SERVER_ZONE_CALLS = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\bdatetime\.utcnow\(\)|\btime\.time\(\)")


def sources(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN_IMPORTS))
def test_layer_imports_only_the_layers_below(package):
    offending = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & set(FORBIDDEN_IMPORTS[package]))
                 for path in sources(package)}

    assert {path: names for path, names in offending.items() if names} == {}


def test_no_code_reads_the_servers_zone_for_now_or_today():
    calls = [f"{path.relative_to(ROOT)}:{number}" for package in ("app", "models", "calendars") for path in sources(package)
             if path != ROOT / "models" / "clock.py" for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SERVER_ZONE_CALLS.search(line)]

    assert calls == []
