"""``vkg query``: questions by name or file, safe parameters, four output formats, --list and --all,
and clear errors (exit 2, ``error:`` and ``hint:``, no traceback) for bad input."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vertebroplasty_kg.cli.main import main

GOLDEN = Path(__file__).parent / "golden" / "cq"


def vkg(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), "query", *args])


def question_names(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "queries" / "cq").glob("*.rq"))


def test_list_shows_every_question_with_its_header(root: Path) -> None:
    result = vkg(root, "--list", "--format", "tsv")
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header == "?name\t?asked_by\t?question\t?parameters"
    names = [row.split("\t")[0].strip('"') for row in rows]
    assert names == question_names(root) and len(names) >= 15
    assert '"?concept = IRI (default vpo:Vertebroplasty)"' in result.output


def test_table_is_the_default_format(root: Path) -> None:
    result = vkg(root, "conflicting-claims")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "conflict", "claim", "statement", "certainty", "quote",
        "otherClaim", "otherStatement", "otherCertainty", "otherQuote", "reason",
    ]  # fmt: skip
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith("vkg:conflict-01  vkg:claim-16  ")
    assert lines[-1] == "(13 rows)"
    # columns line up: each column starts at the same place in every line
    start = lines[0].index("otherCertainty")
    assert lines[2][start:].startswith("disputed") and lines[7][start:].startswith("apparent")


def test_tsv_output_is_the_golden_answer(root: Path) -> None:
    result = vkg(root, "claims-by-certainty", "--format", "tsv")
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    golden_header, *golden_rows = (GOLDEN / "claims-by-certainty.tsv").read_text(encoding="utf-8").splitlines()
    assert header == golden_header and sorted(rows) == golden_rows and len(rows) == 7


def test_csv_output(root: Path) -> None:
    result = vkg(root, "fracture-age-rule", "--format", "csv", "--param", "days=3")
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")
    assert text.count("\r\n") == 3 and text.count("\n") == 3  # CRLF line ends, as SPARQL CSV asks
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(row["class"], row["inClass"], row["days"]) for row in rows] == [
        ("https://w3id.org/vertebroplasty-kg/vpo/OldVertebralFracture", "no", "3"),
        ("https://w3id.org/vertebroplasty-kg/vpo/RecentVertebralFracture", "yes", "3"),
    ]


def test_json_output_is_sparql_results_json(root: Path) -> None:
    result = vkg(root, "concept-card", "-f", "json", "-p", "concept=vpo:PMMABoneCement")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["head"]["vars"] == ["concept", "field", "value", "valueLabel"]
    bindings = document["results"]["bindings"]
    synonyms = {b["value"]["value"] for b in bindings if b["field"]["value"] == "exact synonym"}
    assert synonyms == {"PMMA", "PMMA bone cement", "acrylic bone cement"}
    label = next(b for b in bindings if b["field"]["value"] == "label")
    assert label["value"] == {"type": "literal", "value": "polymethylmethacrylate bone cement", "xml:lang": "en"}
    parent = next(b for b in bindings if b["field"]["value"] == "parent")
    assert parent["value"] == {"type": "uri", "value": "https://w3id.org/vertebroplasty-kg/vpo/BoneCement"}
    assert "valueLabel" not in label  # unbound variables are left out


def test_all_answers_every_question(root: Path) -> None:
    result = vkg(root, "--all")
    assert result.exit_code == 0, result.output
    headings = [line.split()[1] for line in result.output.splitlines() if line.startswith("== ")]
    assert headings == question_names(root)
    assert result.output.count("\n(") == len(headings)  # one row count per answer


def test_a_question_without_parameters_refuses_one(root: Path) -> None:
    """void-summary declares '# parameters: none' (and uses ?x inside): a --param is refused, not ignored."""
    result = vkg(root, "void-summary", "-p", "x=1")
    assert result.exit_code == 2, result.output
    assert "the question takes no parameters (given ?x)" in result.output and "hint: " in result.output


def test_a_parameter_the_query_does_not_project_is_bound_as_on_a_server(root: Path, tmp_path: Path) -> None:
    """pyoxigraph's substitutions bind projected variables only; any other is bound by the VALUES
    block a server gets, so the file answers as it would on a server."""
    query = tmp_path / "things.rq"
    query.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?label WHERE { ?thing rdfs:label ?label }\n",
        encoding="utf-8",
    )
    result = vkg(root, str(query), "-p", "thing=vpo:Kyphoplasty", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["?label", '"kyphoplasty"@en']


def test_a_query_file_runs_with_guessed_parameters(root: Path, tmp_path: Path) -> None:
    query = tmp_path / "labels.rq"
    query.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }\n",
        encoding="utf-8",
    )
    by_iri = vkg(root, str(query), "-p", "thing=vpo:Kyphoplasty", "-f", "tsv")
    assert by_iri.exit_code == 0, by_iri.output
    assert by_iri.output.splitlines()[1:] == ['<https://w3id.org/vertebroplasty-kg/vpo/Kyphoplasty>\t"kyphoplasty"@en']
    # a plain string is a literal without language tag, so it does not match "kyphoplasty"@en
    by_text = vkg(root, str(query), "-p", "label=kyphoplasty", "-f", "tsv")
    assert by_text.exit_code == 0 and by_text.output.splitlines()[1:] == []


def test_data_option_queries_a_release_file(root: Path, release_dir: Path) -> None:
    from_file = vkg(root, "void-summary", "--data", str(release_dir / "vertebroplasty-kg.ttl"), "-f", "tsv")
    in_memory = vkg(root, "void-summary", "-f", "tsv")
    assert from_file.exit_code == 0, from_file.output
    assert from_file.output == in_memory.output
    triples = re.search(r'^1\t"triples"\t(\d+)$', from_file.output, flags=re.MULTILINE)
    assert triples is not None and int(triples[1]) > 2000


def test_a_broken_data_file_is_named_with_its_line(root: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix a: <urn:a#> .\na:b a:c "never closed\n', encoding="utf-8")
    for path, message in [
        (broken, "broken.ttl:2:"),
        (tmp_path / "missing.nt", "does not exist; expected an RDF file (N-Triples)"),
        (root / "README.md", ""),
    ]:
        result = vkg(root, "hedged-claims", "--data", str(path))
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"error: {path}") and message in result.output and "hint: " in result.output


def test_hostile_parameter_is_a_plain_value_on_the_command_line(root: Path) -> None:
    for value in ['"} ; DROP ALL #', "x' } ; DELETE WHERE { ?s ?p ?o } #"]:
        result = vkg(root, "claims-quoting-words", "-p", f"words={value}", "-f", "tsv")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[1:] == []
    still = vkg(root, "void-summary", "-f", "tsv")
    assert '"claims"\t54' in still.output  # 34 of the source, 20 of the evidence layer


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["no-such-question"], "no competency question named 'no-such-question'", "vkg query --list"),
        (["concept-card", "-p", "concept=foo:Bar"], "unknown prefix 'foo'", "known prefix: vpo:"),
        (["concept-card", "-p", "concept=<urn:x> } ; DROP ALL"], "does not end with '>'", "<...>"),
        (["concept-card", "-p", "topic=vpo:Kyphoplasty"], "has no parameter ?topic", "?concept"),
        (["fracture-age-rule", "-p", "days=eight weeks"], "not a whole number", "integer"),
        (["concept-card", "-p", "concept"], "cannot read 'concept'", "NAME=VALUE"),
        ([], "give one of", "--list"),
        (["--all", "-f", "json"], "--all prints tables", "one question"),
        (["--list", "-p", "a=b"], "--param needs a question", "NAME=VALUE"),
        (["missing.rq"], "no such query file", ".rq"),
    ],
)
def test_bad_input_exits_2_with_error_and_hint(root: Path, args: list[str], message: str, hint: str) -> None:
    result = vkg(root, *args)
    assert result.exit_code == 2, result.output
    error, hint_line = result.output.splitlines()[-2:]
    assert error.startswith("error: ") and message in error
    assert hint_line.startswith("hint: ") and hint in hint_line
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o", "bad.rq:1:26: SPARQL syntax error"),
        ("ASK { ?s ?p ?o }", "not a SELECT query"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "bad.rq: is a SPARQL update; vkg query runs queries only"),
        ("# a comment naming ?x\nSELECT ?s WHERE { ?s ?p ?o }", "the query has no variable ?x"),
    ],
)
def test_bad_query_files_exit_2(root: Path, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    args = ["-p", "x=1"] if "?x" in text else []
    result = vkg(root, str(path), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "hint: " in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# asked-by: clinician\n# parameters: none\n", "no '# question:' line"),
        ("# question: Why?\n# asked-by: patient\n# parameters: none\n", "not one of clinician"),
        ("# question: Why?\n# asked-by: clinician\n", "either '# parameters: none'"),
        ("# question: Why?\n# asked-by: clinician\n# parameters: ?x = IRI\n", "?x does not occur"),
        ("# question: Why?\n# asked-by: clinician\n# parameters: ?s = thing\n", "cannot read the parameter"),
    ],
)
def test_a_question_with_a_bad_header_is_refused(tmp_path: Path, root: Path, header: str, message: str) -> None:
    project = tmp_path / "project"
    (project / "queries" / "cq").mkdir(parents=True)
    for folder in ("ontology", "sources"):
        (project / folder).symlink_to(root / folder)
    (project / "queries" / "cq" / "broken.rq").write_text(header + "SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "query", "--list"])
    assert result.exit_code == 2, result.output
    assert "error: queries/cq/broken.rq" in result.output and message in result.output
