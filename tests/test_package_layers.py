"""The package's subpackages are stages, and a stage imports only the stages before it (no cycles).

Read from the code with :mod:`ast`: every ``from .x import y`` of every module, at any depth
(imports inside functions count too: a deferred import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vertebroplasty_kg.release.cache import RELEASE_STAGES

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "vertebroplasty_kg"

# the stages in order; each may import the ones before it. The modules at the top of the package
# (errors, namespaces, ...) are the base every stage may use.
BASE = ["errors", "namespaces", "size_limits", "project", "findings", "directory_swap"]
STAGES = ["rdf", "inputs", "checks", "htmldocs", "release", "stores", "query", "cases", "api", "cli", "__main__"]


def _unit(parts: list[str]) -> str:
    """The stage or base module that a dotted name inside the package belongs to."""
    return parts[0]


def imports() -> list[tuple[str, str, str]]:
    """(importing module, its unit, the imported unit) for every import of the package by its modules."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[0] != "__init__":
            found += imports_of(parts, ast.parse(path.read_text(encoding="utf-8")))
    return found


def imports_of(parts: list[str], tree: ast.AST) -> list[tuple[str, str, str]]:
    """The imports of the package in the module at ``parts``: relative (``from ..stores import x``) and
    absolute (``import vertebroplasty_kg.stores.answers``, ``from vertebroplasty_kg.stores import x``)."""
    folder = parts[:-1]
    targets: list[list[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = folder[: len(folder) - (node.level - 1)]
            names = [node.module] if node.module else [alias.name for alias in node.names]
            targets += [[*base, *name.split(".")] for name in names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == PACKAGE.name:
            inside = (node.module or "").split(".")[1:]
            targets += [inside] if inside else [[alias.name] for alias in node.names]
        elif isinstance(node, ast.Import):
            targets += [alias.name.split(".")[1:] for alias in node.names if alias.name.split(".")[0] == PACKAGE.name]
    return [(".".join(parts), _unit(parts), _unit(target)) for target in targets if target]


def test_the_package_is_laid_out_in_stages() -> None:
    units = {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir()}
    modules = {
        name for name in units if (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()
    }
    assert modules - {"__init__"} == set(BASE) | set(STAGES), (
        "a new top-level module or subpackage: place it in BASE or STAGES"
    )
    assert (PACKAGE / "py.typed").is_file()


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_stages_before_it(stage: str) -> None:
    allowed = set(BASE) | set(STAGES[: STAGES.index(stage) + 1])
    found = [(module, target) for module, unit, target in imports() if unit == stage]
    assert found or stage == "__main__" or stage == "api", f"{stage} imports nothing from the package?"
    wrong = sorted({(module, target) for module, target in found if target not in allowed})
    assert not wrong, f"{stage} imports later stages: {wrong}"


def test_base_modules_import_only_base_modules() -> None:
    found = [(module, target) for module, unit, target in imports() if unit in BASE]
    assert len(found) >= 3  # project, findings and size_limits use errors or namespaces
    assert not [(m, t) for m, t in found if t not in BASE]


def test_the_check_sees_every_import() -> None:
    """The walk finds the imports it must judge (a broken walk would pass every stage)."""
    found = imports()
    assert len(found) > 200
    assert ("cli.main", "cli", "cases") in found


def test_the_release_cache_keys_the_code_of_every_stage_up_to_the_release() -> None:
    """Code after the ``release`` stage cannot change the release (it is never imported by it), so the
    cache's key leaves it out; a new stage before it must be in the key."""
    assert list(RELEASE_STAGES) == STAGES[: STAGES.index("release") + 1]


def test_the_check_sees_absolute_imports_too() -> None:
    """An absolute import of a later stage is as much a dependency as a relative one."""
    source = (
        "import vertebroplasty_kg.stores.answers\n"
        "from vertebroplasty_kg.query import asking\n"
        "from vertebroplasty_kg import cli\n"
        "import os, vertebroplasty_kg\n"
        "from ..rdf import terms\n"
    )
    found = imports_of(["release", "assembly"], ast.parse(source))
    assert [target for _, _, target in found] == ["stores", "query", "cli", "rdf"]
