"""A claim whose quote does not fit its source stops the load with the file, line and column of the
value at fault in ``ontology/claims.ttl``, not only the claim's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.project_copies import copy_project
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.rdf.turtle_positions import find_statement
from vertebroplasty_kg.release.assembly import read_inputs

CLAIMS = "ontology/claims.ttl"


@pytest.fixture
def project(root: Path, tmp_path: Path) -> Path:
    return copy_project(root, tmp_path / "project")


def edit(path: Path, needle: str, replacement: str) -> tuple[int, int]:
    """Replace ``needle`` (found once) and return the 1-based line and column where it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1, needle
    offset = text.index(needle)
    path.write_text(text.replace(needle, replacement), encoding="utf-8")
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def load_error(project: Path) -> InputError:
    with pytest.raises(InputError) as raised:
        read_inputs(Project.at(project))
    return raised.value


BREAKAGES = {
    # the quote selector's oa:exact and the characters at the position disagree: the position is named
    "start": (
        '    oa:start "1122"^^xsd:nonNegativeInteger',
        '    oa:start "1123"^^xsd:nonNegativeInteger',
        "claim-19>: characters 1123-1166 are 't provides",
    ),
    "prefix": (
        '    oa:prefix "apse.\\n\\nIt is also beneficial as ',
        '    oa:prefix "apse.\\n\\nIt is also beneficent as ',
        "claim-19>: prefix 'apse.\\n\\nIt is also beneficent as ' does not precede position 1122",
    ),
    "suffix": (
        '    oa:suffix " that is done on patients who su" .\n\nvkg:claim-01-position',
        '    oa:suffix " that is done on patients who sx" .\n\nvkg:claim-01-position',
        "claim-01>: suffix ' that is done on patients who sx' does not follow position 92",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_a_quote_that_does_not_fit_names_file_line_and_column(project: Path, case: str) -> None:
    needle, replacement, message = BREAKAGES[case]
    line, column = edit(project / CLAIMS, needle, replacement)
    error = load_error(project)
    assert error.message.startswith(f"{CLAIMS}:{line}:{column + 4}: claim <https://w3id.org/vertebroplasty-kg/kg/")
    assert message in error.message
    assert error.hint is not None and "code points" in error.hint
    assert len(BREAKAGES) == 3


def test_an_incomplete_anchor_names_the_claims_anchor_line(project: Path) -> None:
    edit(project / CLAIMS, '    oa:exact "The prognosis or success of vertebroplasty is in dispute" ;\n', "")
    text = (project / CLAIMS).read_text(encoding="utf-8")
    line = text.splitlines().index("    vpo:hasTextAnchor vkg:claim-25-anchor .") + 1
    error = load_error(project)
    assert (
        error.message
        == f"{CLAIMS}:{line}:5: claim <https://w3id.org/vertebroplasty-kg/kg/claim-25> has an incomplete text anchor"
    )


def test_a_statement_is_found_by_its_full_iri_or_by_a_prefix_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "# ex:a is described below\n"
        "ex:b ex:p ex:a ;\n"
        "    ex:q ex:c .\n"
        "\n"
        "<https://example.org/a>\n"
        "    ex:q 1 ;\n"
        "    ex:p 2 .\n"
        "ex:c ex:p 3 .\n",
        encoding="utf-8",
    )
    found = find_statement(path, "https://example.org/a")
    assert found is not None and (found.line, found.column) == (6, 1)
    found = find_statement(path, "https://example.org/a", "https://example.org/p")
    assert found is not None and (found.line, found.column) == (8, 5)
    found = find_statement(path, "https://example.org/c", "https://example.org/q")  # ex:c states no ex:q
    assert found is not None and (found.line, found.column) == (9, 1)
    assert find_statement(path, "https://example.org/nowhere") is None
