"""Shared fixtures: the project root, its source text, and a release built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from vertebroplasty_kg.cli import main
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release import Inputs, load_inputs
from vertebroplasty_kg.validation import ValidationReport, validate_project

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "sources" / "vertebroplasty-patient-information.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built from the working tree by ``vkg build``, shared by the read-only tests."""
    out = tmp_path_factory.mktemp("release") / "dist"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def release_graph(release_dir: Path) -> rdflib.Graph:
    """The release's Turtle, parsed with rdflib as a user would."""
    return rdflib.Graph().parse(release_dir / "vertebroplasty-kg.ttl", format="turtle")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ from the current answers instead of comparing.",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def project_inputs() -> Inputs:
    """The project's hand-edited graph, loaded and checked against its sources."""
    return load_inputs(Project.at(ROOT))


@pytest.fixture(scope="session")
def validation_report(project_inputs: Inputs) -> ValidationReport:
    """One run of every quality gate (shapes, QC checks, HermiT) on the project, shared by the tests."""
    return validate_project(Project.at(ROOT), project_inputs.triples)
