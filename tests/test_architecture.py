"""The layout holds: no import cycle, and the project's modules imported at module level
everywhere but in `cli/` (which stays lazy so that `reponse --help` is fast)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reponse_cli"
LAZY_ALLOWED = ("reponse_cli.cli", "reponse_cli.__main__")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(node: ast.AST) -> list[str]:
    """The project modules an import statement loads."""
    found: list[str] = []
    if isinstance(node, ast.Import):
        found = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        found = [node.module]
        found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name in MODULES]


def module_level_imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports never run
            continue
        names.update(imported(node))
    return names


def graph() -> dict[str, set[str]]:
    edges = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges[name] = module_level_imports(tree) - {name}
    return edges


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                raise AssertionError("cycle d'imports : " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_project_imports_are_at_module_level_outside_cli() -> None:
    offenders = []
    for name, path in MODULES.items():
        if name.startswith(LAZY_ALLOWED) or name == "reponse_cli":  # its lazy API exports
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set(tree.body)
        for node in ast.walk(tree):
            nested = isinstance(node, ast.Import | ast.ImportFrom) and node not in top
            if nested and imported(node) and not _under_type_checking(tree, node):
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []


def _under_type_checking(tree: ast.Module, target: ast.AST) -> bool:
    for node in tree.body:
        if isinstance(node, ast.If) and any(child is target for child in ast.walk(node)):
            return True
    return False


def test_every_package_has_a_test_folder() -> None:
    tests = Path(__file__).parent
    packages = (
        "text",
        "files",
        "playbooks",
        "drafting",
        "listening",
        "checker",
        "cli",
        "delivery",
        "batch",
        "history",
    )
    for package in packages:
        assert (PACKAGE / package).is_dir(), package
        assert list((tests / package).glob("test_*.py")), f"tests/{package}/ sans test"
