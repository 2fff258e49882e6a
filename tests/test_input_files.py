"""A required input file that is missing, empty or unreadable is a finding that names it; a
directory or a symbolic link to nothing where a file is expected is an error with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.project_copies import copy_project
from vertebroplasty_kg.cases.assess import rule_files
from vertebroplasty_kg.checks.qc_checks import read_check, read_checks
from vertebroplasty_kg.checks.shacl import shape_files
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.inputs.evidence import evidence_files
from vertebroplasty_kg.inputs.input_files import EMPTY, MISSING, REQUIRED, UNREADABLE, input_file_findings
from vertebroplasty_kg.inputs.mappings import DUPLICATE_MAPPING, read_mapping_set
from vertebroplasty_kg.inputs.questions import question_files
from vertebroplasty_kg.inputs.sentence_coverage import NOT_IN_SOURCE, QUOTED, UNCOVERED
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.rdf.parsing import parse_turtle


@pytest.fixture
def project(root: Path, tmp_path: Path) -> Path:
    return copy_project(root, tmp_path / "project")


def found(project: Path) -> list[tuple[str, str]]:
    return [(finding.check, finding.entity) for finding in input_file_findings(project)]


def test_the_project_has_every_required_file(root: Path) -> None:
    assert len(REQUIRED) == 12
    assert all((root / required.path).is_file() for required in REQUIRED)
    assert input_file_findings(root) == []


def test_a_missing_required_file_is_named(project: Path) -> None:
    (project / "ontology" / "claims.ttl").unlink()
    (project / "sources" / "vertebroplasty-patient-information.txt").unlink()
    assert found(project) == [
        (MISSING, "ontology/claims.ttl"),
        (MISSING, "sources/vertebroplasty-patient-information.txt"),
    ]
    assert "the claims, each quoting its source" in input_file_findings(project)[0].message


def test_an_empty_or_blank_file_is_named(project: Path) -> None:
    (project / "ontology" / "claims.ttl").write_bytes(b"")
    (project / "shapes" / "claims.ttl").write_bytes(b" \n\t\n")
    (project / "ontology" / "extra.ttl").write_bytes(b"")  # not required, but read all the same
    assert found(project) == [
        (EMPTY, "ontology/claims.ttl"),
        (EMPTY, "ontology/extra.ttl"),
        (EMPTY, "shapes/claims.ttl"),
    ]
    assert all(finding.severity == "ERROR" for finding in input_file_findings(project))


def test_a_directory_or_a_dangling_link_where_a_file_belongs_is_named(project: Path) -> None:
    claims = project / "ontology" / "claims.ttl"
    claims.unlink()
    claims.mkdir()
    (project / "mappings" / "other.sssom.tsv").symlink_to(project / "nowhere.sssom.tsv")
    findings = input_file_findings(project)
    assert [(f.check, f.entity) for f in findings] == [
        (UNREADABLE, "mappings/other.sssom.tsv"),
        (UNREADABLE, "ontology/claims.ttl"),
    ]
    assert "which does not exist; expected an SSSOM TSV mapping set" in findings[0].message
    assert "remove the link" in findings[0].message
    assert findings[1].message.startswith("Is a directory; expected a Turtle file; move the directory away")


def test_the_readers_say_what_was_expected_and_how_to_fix_it(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    link = tmp_path / "link.sssom.tsv"
    link.symlink_to(tmp_path / "gone.sssom.tsv")
    query = tmp_path / "check.rq"
    query.symlink_to(tmp_path / "gone.rq")
    cases = [
        (lambda: parse_turtle(folder), "is a directory; expected a Turtle file", "move the directory away"),
        (lambda: read_mapping_set(link), "which does not exist; expected an SSSOM TSV mapping set", "ln -sfn"),
        (lambda: read_check(query), "which does not exist; expected a SPARQL query file", "remove the link"),
    ]
    for read, message, hint in cases:
        with pytest.raises(InputError) as raised:
            read()
        assert message in raised.value.message
        assert raised.value.hint is not None and hint in raised.value.hint
    assert len(cases) == 3


def test_every_check_of_the_inputs_gate_is_documented(root: Path) -> None:
    page = (root / "docs" / "quality-gates.md").read_text(encoding="utf-8")
    codes = [MISSING, EMPTY, UNREADABLE, UNCOVERED, NOT_IN_SOURCE, QUOTED, DUPLICATE_MAPPING]
    assert len(codes) == 7
    for code in codes:
        assert f"`{code}`" in page, f"docs/quality-gates.md does not document {code}"


LEFTOVERS = {
    "ontology": [".#claims.ttl", "claims.ttl~", "#claims.ttl#", ".claims.ttl.swp", "._claims.ttl"],
    "evidence": [".#evidence.ttl", "evidence.ttl~", "claims.ttl.kate-swp", "claims.ttl___jb_tmp___"],
    "sources": [".~lock.publications.tsv#"],
    "mappings": [".#vertebroplasty-kg.sssom.tsv"],
    "shapes": [".#shapes.ttl"],
    "queries/qc": [".#labels.rq", "labels.rq~"],
    "queries/cq": [".#hedged-claims.rq"],
    "queries/rules": [".#rule.rq"],
}


def test_what_an_editor_leaves_beside_the_inputs_is_not_read(project: Path) -> None:
    """While emacs has unsaved edits of claims.ttl it keeps ``.#claims.ttl``, a link to nowhere, which
    ``*.ttl`` matches: it is no input (it made ``vkg validate`` report an unreadable file), nor is a
    backup, an auto-save or a swap file, in any folder that is read."""
    before = {folder: sorted(p.name for p in (project / folder).iterdir()) for folder in LEFTOVERS}
    for folder, names in LEFTOVERS.items():
        for name in names:
            if name.startswith(".#"):
                (project / folder / name).symlink_to("user@host.4242:1700000000")
            else:
                (project / folder / name).write_text("an editor's copy\n", encoding="utf-8")
    assert found(project) == []
    read = Project.at(project)
    listed = [
        *read.ontology_files(),
        *read.mapping_files(),
        *evidence_files(project),
        *shape_files(project),
        *question_files(read),
        *(check.path for check in read_checks(project / "queries" / "qc")),
        *rule_files([project / "queries" / "rules"]),
    ]
    assert len(listed) > 20
    assert not [path.name for path in listed if any(path.name in names for names in LEFTOVERS.values())]
    assert sum(len(names) for names in LEFTOVERS.values()) == 16
    assert before == {
        folder: sorted(p.name for p in (project / folder).iterdir() if p.name not in LEFTOVERS[folder])
        for folder in LEFTOVERS
    }
