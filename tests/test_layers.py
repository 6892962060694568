"""The package's layers: imports (module level and inside functions) only go down, and never in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "reporter"

# Bottom to top. Folders on one level are peers and do not import each other.
LEVELS: dict[str, int] = {
    "core": 0,
    "data": 1,
    "content": 2,
    "document": 3,
    "checks": 3,
    "importer": 3,
    "consolidate": 4,
    "commands": 5,
    "api": 6,
    "cli": 7,
    "__main__": 8,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every reporter module `path` imports, wherever the import statement is (functions and TYPE_CHECKING too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from reporter.x import y` may name a module y or a name in x: keep whichever is a module
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m == "reporter" or m.startswith("reporter.")}


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
GRAPH = {module_name(p): imports(p) - {module_name(p)} for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # `reporter` itself: the version, importable from anywhere


def test_every_import_goes_down_a_layer_or_stays_in_its_folder() -> None:
    wrong = []
    for module, targets in sorted(GRAPH.items()):
        mine = layer(module)
        for target in sorted(targets):
            theirs = layer(target)
            if mine is None or theirs is None or theirs == mine:
                continue
            if LEVELS[theirs] >= LEVELS[mine]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert cycles == []


def test_every_module_has_a_layer() -> None:
    assert {layer(m) for m in MODULES} - {None} <= set(LEVELS)
