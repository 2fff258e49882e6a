"""Each command imports what it runs: ``vkg query`` on an unchanged project needs neither rdflib,
pyshacl, owlready2 nor the FHIR models, and ``vkg assess`` of RDF case files no FHIR models. The
command runs in a fresh interpreter, which then lists the heavy packages it had imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.cached_release import release_triples

pytestmark = pytest.mark.reasoner  # `vkg validate` runs HermiT; without a cached release, so does the fixture

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("rdflib", "pyshacl", "owlready2", "fhir.resources", "pydantic", "jinja2")
RUN = f"""
import sys
from vertebroplasty_kg.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as end:
    code = end.code
print("imported:", *[name for name in {HEAVY!r} if name in sys.modules], file=sys.stderr)
sys.exit(code)
"""


def heavy_imports(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", RUN, "--root", str(ROOT), *args], capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("imported:")]
    return line.split()[1:]


@pytest.fixture(scope="module", autouse=True)
def cached_release() -> None:
    """The working tree's release in its cache, as after any earlier command."""
    assert len(release_triples(Project.at(ROOT))) > 1000


def test_the_check_sees_an_import() -> None:
    assert "rdflib" in heavy_imports("validate")


def test_vkg_query_imports_none_of_the_heavy_packages() -> None:
    assert heavy_imports("query", "hedged-claims", "-f", "tsv") == []


def test_vkg_assess_of_rdf_case_files_imports_no_fhir_models() -> None:
    imported = heavy_imports("assess", str(ROOT / "tests" / "fixtures" / "cases" / "registry.ttl"))
    assert "fhir.resources" not in imported and "pydantic" not in imported
    assert "owlready2" not in imported  # the release comes from the cache: no reasoner
