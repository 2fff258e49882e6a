"""Every data folder has a README stating its naming rule, and every file in it keeps the rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# folder -> the rule its files follow (README.md aside). Extend this when a data folder is added.
# A sub-folder with a rule of its own (such as mappings/reference) is checked against that rule only.
RULES: dict[str, str] = {
    "ontology": r"[a-z0-9]+(-[a-z0-9]+)*\.ttl",
    "sources": r"[a-z0-9]+(-[a-z0-9]+)*(\.txt|\.claim-free\.tsv)",
    "shapes": r"[a-z0-9]+(-[a-z0-9]+)*\.ttl",
    "queries": r"[a-z0-9]+(-[a-z0-9]+)*\.rq",
    "mappings": r"[a-z0-9]+(-[a-z0-9]+)*\.sssom\.tsv",
    "tests/golden": r"[a-z0-9]+(-[a-z0-9]+)*\.tsv",
    "mappings/reference": r"[a-z0-9]+(-[a-z0-9]+)*\.tsv",
    "tests/fixtures/store-queries": r"[a-z0-9]+(-[a-z0-9]+)*\.rq",
    "scripts/vertebroplasty_kg/sparql": r"[a-z0-9]+(-[a-z0-9]+)*\.r[qu]",
    "w3id": r"\.htaccess",
    "docs": r"[a-z0-9]+(-[a-z0-9]+)*\.(md|svg|png)",
    "evidence": r"[a-z0-9]+(-[a-z0-9]+)*\.(ttl|tsv)",
}
# folders that must hold data files now (the others may still be empty)
REQUIRED = {
    "ontology",
    "sources",
    "mappings",
    "mappings/reference",
    "tests/fixtures/store-queries",
    "scripts/vertebroplasty_kg/sparql",
    "w3id",
}


@pytest.mark.parametrize("folder", sorted(RULES))
def test_files_follow_the_folder_rule(root: Path, folder: str) -> None:
    readme = root / folder / "README.md"
    assert readme.is_file(), f"{folder}/ has no README.md"
    assert RULES[folder] in readme.read_text(encoding="utf-8"), f"{folder}/README.md does not state the rule"
    own_rules = [root / other for other in RULES if other.startswith(f"{folder}/")]
    files = [
        p
        for p in (root / folder).rglob("*")
        if p.is_file() and p.name != "README.md" and not any(p.is_relative_to(sub) for sub in own_rules)
    ]
    assert files or folder not in REQUIRED, f"{folder}/ is empty"
    for path in files:
        assert re.fullmatch(RULES[folder], path.name), f"{path.relative_to(root)} breaks the rule {RULES[folder]}"


def _command(lines: list[str]) -> str:
    """Shell lines joined at their backslash continuations, comments dropped."""
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    return " ".join(text.replace("\\\n", " ").split())


def test_ci_runs_exactly_the_test_command_of_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("# tests (this is what CI runs, through .ci/run)\n", 1)[1].split("```", 1)[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(ci) if line.startswith("python3 -m venv"))
    assert _command(ci[start:]) == _command(block.splitlines())
    assert "pytest" in _command(ci[start:])
