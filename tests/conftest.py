"""Shared fixtures: the project root, its source text, a release built once per session, and stores.

The SPARQL servers start once per test module on free loopback ports and stop at its end (see
``support/servers.py``), so no module sees what another left in a server: Virtuoso plans queries from
statistics of its whole database, and the copies of the release that the loading tests leave in
their graphs once made it refuse or never finish some competency questions in the module that
compares answers. A missing server program fails the tests that need it instead of skipping them.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from support.browser import Chromium, chromium_path, static_site
from support.run_once import made_once
from support.servers import Server, start_oxigraph, start_virtuoso
from vertebroplasty_kg.checks.validation import ValidationReport, validate_project
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.assembly import Inputs, ReleaseGraph, assemble, read_inputs
from vertebroplasty_kg.stores.embedded import load_embedded
from vertebroplasty_kg.stores.release_load import version_iri

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "sources" / "vertebroplasty-patient-information.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """A release built from the working tree by ``vkg build``, shared by the read-only tests (built
    once per test run, by whichever xdist worker asks first)."""

    def build(folder: Path) -> None:
        result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--output", str(folder / "dist")])
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, getattr(pytestconfig, "workerinput", None), "release", build) / "dist"


@pytest.fixture(scope="session")
def release_graph(release_dir: Path) -> rdflib.Graph:
    """The release's Turtle, parsed with rdflib as a user would."""
    return rdflib.Graph().parse(release_dir / "vertebroplasty-kg.ttl", format="turtle")


@pytest.fixture(scope="session")
def docs_dir(release_dir: Path) -> Path:
    """The HTML documentation that ``vkg build`` wrote into the shared release."""
    return release_dir / "docs"


@pytest.fixture(scope="session")
def docs_site(docs_dir: Path) -> Iterator[str]:
    """The built documentation on a static file server at 127.0.0.1; the base URL ends in ``/``."""
    with static_site(docs_dir) as base:
        yield base


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Debian Chromium for the session, driven over its DevTools pipe (a fresh profile)."""
    with Chromium.launch(chromium_path(), tmp_path_factory.mktemp("chromium")) as browser:
        yield browser


def pytest_configure(config: pytest.Config) -> None:
    """The processes the tests start (workers, ``vkg``) run as from a terminal, whatever the launch.

    Started from a background job (``cmd &`` in a script, ``nohup``), the suite inherits SIGINT
    ignored, and so would every ``vkg`` it starts: Python then never raises KeyboardInterrupt, and
    the Ctrl-C tests (test_interrupt, test_serve) would see a process that ignores Ctrl-C as the
    user asked. And where ``PYTHONDONTWRITEBYTECODE`` is set (the 2-core machine that
    docs/development.md times the suite on sets it), every process would compile every module it imports from source
    instead of reading ``__pycache__``: about a second more for each ``vkg`` a test starts. Compiled
    modules are kept, as a user's Python keeps them; nothing the tests check depends on it.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        sys.dont_write_bytecode = False


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
    return read_inputs(Project.at(ROOT))


@pytest.fixture(scope="session")
def validation_report(project_inputs: Inputs) -> ValidationReport:
    """One run of every quality gate (shapes, QC checks, HermiT) on the project, shared by the tests."""
    return validate_project(Project.at(ROOT), project_inputs.triples)


@pytest.fixture(scope="session")
def release(project_inputs: Inputs, validation_report: ValidationReport) -> ReleaseGraph:
    """The release as ``vkg build`` assembles it: the inputs and the links the validation's HermiT
    run inferred, so that this fixture adds no HermiT run of its own (``reasoned_release``, which
    reasons by itself, makes the same triples: test_release_cache)."""
    return assemble(project_inputs, validation_report.inferred_subclass_of)


@pytest.fixture(scope="session")
def release_graph_iri(release: ReleaseGraph) -> str:
    iri = version_iri(release.triples)
    assert iri is not None
    return iri


@pytest.fixture(scope="session")
def embedded_store(tmp_path_factory: pytest.TempPathFactory, release: ReleaseGraph, release_graph_iri: str) -> Path:
    """An on-disk store holding the release, loaded once, for read-only tests."""
    path = tmp_path_factory.mktemp("embedded") / "store"
    report = load_embedded(path, release.triples, release_graph_iri)
    assert report.triples == len(release)
    return path


@pytest.fixture(scope="module")
def oxigraph_server() -> Iterator[Server]:
    """``oxigraph serve`` on a free loopback port, on disk, for one module; fails (never skips) when not installed."""
    server = start_oxigraph()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso_server() -> Iterator[Server]:
    """Virtuoso Open Source on free loopback ports, for one module; fails (never skips) when not installed."""
    server = start_virtuoso()
    yield server
    server.stop()
