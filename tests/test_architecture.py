"""The layout (README, "Map"), checked in the source.

- Layers: models never import the web or calendars, calendars never the web.
- Areas: planning, publishing, partners, attendance, statistics, overlays, outreach, registration
  and network each have a folder in models/, app/, templates/, tests/models/ and tests/app/. An area
  uses another area only through what that area's package exposes (`from models.partners import
  waiting`), never a module inside it; the shared kernel (models/kernel/, app/kernel/) is open to
  all and imports no area. The composition roots (app/__init__.py,
  which lists the routers, and models/consequences.py, which lists who hears of item changes) are
  the only places that may reach into every area.
- No import circles between modules, imports inside functions included (only imports for type
  checking are left out: they never run).
- One clock: nothing asks the server's zone for "today", which names the wrong day between
  midnight in Riga and midnight in UTC, and every "now" comes from models/kernel/clock.py, so that
  the tests can set it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "calendars", "app")
FORBIDDEN_IMPORTS = {"models": ("app", "litestar", "calendars"), "calendars": ("app", "litestar")}
AREAS = ("planning", "publishing", "partners", "attendance", "statistics", "overlays", "outreach", "registration", "network")
KERNELS = ("models.kernel", "app.kernel")
COMPOSITION_ROOTS = {"app", "models.consequences"}
CLOCK = ROOT / "models" / "kernel" / "clock.py"
SERVER_ZONE_CALLS = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\bdatetime\.utcnow\(\)|\btime\.time\(\)")


def sources(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_of(path): path for package in PACKAGES for path in sources(package)}


def _runtime_nodes(tree: ast.AST):
    """Every node but the bodies of `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imported_names(path: Path) -> set[str]:
    """Dotted names imported, a `from package import module` counted as the module."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(path, node.module, node.level)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return found


def _absolute(path: Path, module: str | None, level: int) -> str:
    """The dotted name a `from … import` reads, a relative one (`from .texts import x`) made absolute."""
    if not level:
        return module or ""
    package = list(path.relative_to(ROOT).with_suffix("").parts)[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


GRAPH = {module: {name for name in imported_names(path) if name in MODULES} for module, path in MODULES.items()}


def area_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] in ("models", "app") and len(parts) > 1 and parts[1] in AREAS:
        return parts[1]
    return None


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


@pytest.mark.parametrize("package", sorted(FORBIDDEN_IMPORTS))
def test_layer_imports_only_the_layers_below(package):
    offending = {str(path.relative_to(ROOT)): sorted({name.split(".")[0] for name in imported_names(path)} & set(FORBIDDEN_IMPORTS[package]))
                 for path in sources(package)}

    assert {path: names for path, names in offending.items() if names} == {}


def test_modules_import_no_circle():
    assert import_cycles(GRAPH) == []


def test_import_cycle_check_finds_a_circle_through_a_function_level_import(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from models.kernel import clock\n")

    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert "models.kernel.clock" in {name for name in imported_names(module)}


def test_areas_use_each_other_only_through_what_they_expose():
    reaching_in = {
        module: sorted(target for target in targets
                       if area_of(target) and area_of(target) != area_of(module) and target.count(".") > 1)
        for module, targets in GRAPH.items() if module not in COMPOSITION_ROOTS
    }

    assert {module: targets for module, targets in reaching_in.items() if targets} == {}


def test_a_relative_import_is_read_as_the_module_it_names(tmp_path):
    module = ROOT / "app" / "registration" / "late.py"  # never written: only its path is read

    assert _absolute(module, "texts", 1) == "app.registration.texts"
    assert _absolute(module, "kernel.web", 2) == "app.kernel.web"
    assert _absolute(module, None, 1) == "app.registration"


def test_the_kernel_imports_no_area():
    reaching_up = {module: sorted(target for target in targets if area_of(target))
                   for module, targets in GRAPH.items() if module.startswith(KERNELS)}

    assert {module: targets for module, targets in reaching_up.items() if targets} == {}


def test_each_area_has_a_folder_in_the_domain_and_the_web_and_the_tests():
    missing = [f"{layer}/{area}" for layer in ("models", "app", "tests/models", "tests/app") for area in (*AREAS, "kernel")
               if not (ROOT / layer / area / "__init__.py").exists()]
    missing += [f"templates/{area}" for area in AREAS if not (ROOT / "templates" / area).is_dir()]

    assert missing == []


def test_no_code_reads_the_servers_zone_for_now_or_today():
    calls = [f"{path.relative_to(ROOT)}:{number}" for package in PACKAGES for path in sources(package)
             if path != CLOCK for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SERVER_ZONE_CALLS.search(line)]

    assert calls == []
