"""``vkg validate`` prints one findings table and exits 0 (clean or warnings only), 1 (errors) or
2 (bad input); ``vkg build`` refuses to write a release when validation finds an error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from support.project_copies import copy_project, left_behind
from vertebroplasty_kg.cli.main import main

pytestmark = pytest.mark.slow

SHAPE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
REASONER_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reasoner"


def vkg(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_validate_the_project(root: Path) -> None:
    result = vkg(root, "validate", "--timings")
    assert result.exit_code == 0, result.output
    assert result.stdout == "no findings\n"
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["inputs", "shapes", "checks", "reasoner"]


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
    assert left_behind(project) == []
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


# --- a project that has lost what it exists for --------------------------------------------------

SOURCE = "sources/vertebroplasty-patient-information.txt"


def rows_of(output: str, check: str) -> list[list[str]]:
    """The findings table's rows of ``check``, split at runs of two or more spaces."""
    return [re.split(r"\s{2,}", line) for line in output.splitlines() if re.match(rf"^(ERROR|WARN)\s+{check}\s", line)]


def test_build_refuses_a_release_without_claims_and_names_every_uncovered_sentence(project_copy: Path) -> None:
    (project_copy / "ontology" / "claims.ttl").write_bytes(b"")
    result = refused(project_copy)
    uncovered = rows_of(result.stderr, "uncovered_sentence")
    assert len(uncovered) == 15  # the 18 sentences of the source but the three listed as carrying no claim
    places = {row[2] for row in uncovered}
    assert f"{SOURCE}:3:1" in places and f"{SOURCE}:21:129" in places and f"{SOURCE}:1:1" not in places
    assert any(row[3].startswith('"Like kyphoplasty, vertebroplasty is also a minimally') for row in uncovered)
    assert rows_of(result.stderr, "empty_input_file") == [
        [
            "ERROR",
            "empty_input_file",
            "ontology/claims.ttl",
            "The file is empty: restore it from version control, or remove it.",
        ]
    ]


def test_one_lost_claim_is_reported_at_exactly_its_sentence(project_copy: Path) -> None:
    claims = project_copy / "ontology" / "claims.ttl"
    blocks = claims.read_text(encoding="utf-8").split("\n\n")
    kept = [block for block in blocks if not re.match(r"vkg:claim-28(-anchor|-quote|-position)?\n", block)]
    assert len(blocks) - len(kept) == 4
    claims.write_text("\n\n".join(kept), encoding="utf-8")
    result = vkg(project_copy, "validate")
    assert result.exit_code == 1
    assert [row[:4] for row in rows_of(result.stdout, "uncovered_sentence")] == [
        [
            "ERROR",
            "uncovered_sentence",
            f"{SOURCE}:21:129",
            '"It is also found that the recovery process may also be hin\u2026',
        ]
    ]


def test_a_missing_source_text_is_a_finding_that_names_it(project_copy: Path) -> None:
    (project_copy / SOURCE).unlink()
    result = refused(project_copy)
    assert [row[:3] for row in rows_of(result.stderr, "[a-z_]+")] == [["ERROR", "missing_input_file", SOURCE]]


def test_a_copied_mapping_set_is_refused_naming_both_files(project_copy: Path) -> None:
    shutil.copy(project_copy / "mappings" / "vertebroplasty-kg.sssom.tsv", project_copy / "mappings" / "copy.sssom.tsv")
    result = vkg(project_copy, "validate", "--format", "tsv")
    assert result.exit_code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert len(rows) == 133 and {row[1] for row in rows} == {"duplicate_mapping"}
    assert rows[0][5].startswith("mappings/vertebroplasty-kg.sssom.tsv:")
    assert " holds the same mapping as mappings/copy.sssom.tsv:" in rows[0][5]
    assert result.stderr == "133 errors\n"


def test_a_directory_where_an_ontology_file_belongs_is_named_with_what_to_do(project_copy: Path) -> None:
    (project_copy / "ontology" / "extra.ttl").mkdir()
    result = vkg(project_copy, "validate")
    assert result.exit_code == 1
    (row,) = rows_of(result.stdout, "unreadable_input_file")
    assert row[2] == "ontology/extra.ttl"
    assert (
        row[3] == "Is a directory; expected a Turtle file; move the directory away, or put a Turtle file at this path."
    )


def test_a_dangling_link_given_to_validate_is_bad_input_with_a_hint(root: Path, tmp_path: Path) -> None:
    link = tmp_path / "mine.ttl"
    link.symlink_to(tmp_path / "moved-away.ttl")
    result = vkg(root, "validate", str(link))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {link}: is a symbolic link to {tmp_path / 'moved-away.ttl'}, which does not exist; "
        "expected a Turtle file",
        f"hint: point the link at a Turtle file (ln -sfn TARGET {link}), or remove the link",
    ]
