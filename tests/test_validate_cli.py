"""``vkg validate`` prints one findings table and exits 0 (clean or warnings only), 1 (errors) or
2 (bad input); ``vkg build`` refuses to write a release when validation finds an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from project_copies import copy_project
from vertebroplasty_kg.cli import main

pytestmark = pytest.mark.slow

SHAPE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
REASONER_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reasoner"


def vkg(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_validate_the_project(root: Path) -> None:
    result = vkg(root, "validate", "--timings")
    assert result.exit_code == 0, result.output
    assert result.stdout == "no findings\n"
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["shapes", "checks", "reasoner"]


def test_validate_a_user_file_with_errors(root: Path) -> None:
    result = vkg(root, "validate", str(SHAPE_FIXTURES / "invalid" / "claim-missing-fields.ttl"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SEVERITY", "CHECK", "ENTITY", "PATH", "VALUE", "MESSAGE"]
    assert set(lines[1]) == {"-", " "}
    rows = lines[2:-1]
    assert len(rows) == 7
    assert all(row.split()[:3] == ["ERROR", row.split()[1], "vkg:claim-1"] for row in rows)
    assert any("vsh:claim-certainty" in row and "vpo:hasCertainty" in row for row in rows)
    assert any("vsh:claim-frequency" in row and "vpo:hasFrequency" in row for row in rows)
    assert lines[-1] == "7 errors"


def test_validate_as_tsv(root: Path) -> None:
    fixture = SHAPE_FIXTURES / "invalid" / "anchor-broken.ttl"
    result = vkg(root, "validate", "--format", "tsv", str(fixture))
    assert result.exit_code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["severity", "check", "entity", "path", "value", "message"]
    assert len(rows) == 5 and all(len(row) == 6 for row in rows)
    assert ["ERROR", "vsh:position-start", "vkg:claim-2-position", "oa:start", '"92"^^xsd:nonNegativeInteger'] in [
        row[:5] for row in rows
    ]
    assert result.stderr == "4 errors\n"


def test_warnings_alone_do_not_fail(root: Path) -> None:
    result = vkg(root, "validate", str(SHAPE_FIXTURES / "invalid" / "quote-without-context.ttl"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 warnings"


def test_valid_user_files_pass(root: Path) -> None:
    files = sorted(str(path) for path in (SHAPE_FIXTURES / "valid").glob("*.ttl"))
    assert len(files) == 3
    result = vkg(root, "validate", *files)
    assert result.exit_code == 0
    assert result.stdout == "no findings\n"


def test_a_syntax_error_in_a_user_file_names_file_and_line(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "mine.ttl"
    data.write_text('@prefix ex: <https://example.org/> .\n\nex:a ex:b "unterminated .\n', encoding="utf-8")
    result = vkg(root, "validate", str(data))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {data}:3:")
    assert "hint: " in result.stderr


@pytest.fixture
def project_copy(root: Path, tmp_path: Path) -> Path:
    copy = copy_project(root, tmp_path / "project")
    (copy / "dist").mkdir()
    (copy / "dist" / "previous-release.ttl").write_text("the previous release\n")
    return copy


def refused(project: Path) -> Result:
    result = vkg(project, "build")
    assert result.exit_code == 1, result.output
    assert "error: release refused: " in result.stderr
    assert "hint: " in result.stderr
    assert [p.name for p in (project / "dist").iterdir()] == ["previous-release.ttl"]
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []
    return result


def test_build_refuses_an_unsatisfiable_class(project_copy: Path) -> None:
    shutil.copy(REASONER_FIXTURES / "unsatisfiable-class.ttl", project_copy / "ontology" / "cement-procedure.ttl")
    result = refused(project_copy)
    errors = [line.split()[:3] for line in result.stderr.splitlines() if line.startswith("ERROR")]
    (row,) = [line for line in result.stderr.splitlines() if line.startswith("ERROR     unsatisfiable_class")]
    assert row.split()[:4] == ["ERROR", "unsatisfiable_class", "vpo:CementProcedure", "owl:equivalentClass"]
    # the fixture's two subclass axioms name no source either, which is refused on its own
    assert errors.count(["ERROR", "axiom_without_source", "vpo:CementProcedure"]) == 2
    assert len(errors) == 3


def test_build_refuses_a_duplicate_label(project_copy: Path) -> None:
    ontology = project_copy / "ontology" / "vertebroplasty-ontology.ttl"
    text = ontology.read_text(encoding="utf-8")
    assert text.count('rdfs:label "neck pain"@en ;') == 1
    ontology.write_text(text.replace('rdfs:label "neck pain"@en ;', 'rdfs:label "back pain"@en ;'), encoding="utf-8")
    result = refused(project_copy)
    errors = [line.split()[:3] for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [["ERROR", "duplicate_label", "vpo:BackPain"], ["ERROR", "duplicate_label", "vpo:NeckPain"]]
