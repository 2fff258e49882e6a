"""The evidence layer (``evidence/``): publications as rows of a TSV file, findings as Turtle.

``evidence/publications.tsv`` is the single source of truth for the publications: each row becomes
a ``dcterms:BibliographicResource`` (IRI from its DOI, else its PMID, else its guidance URL) with
title-level metadata, and its holder a ``prov:Agent``. A row whose identifiers carry a mark other
than V or S is refused. ``evidence/*.ttl`` holds the evidence claims, their links to the source's
claims and the evidence gaps; :func:`evidence_subjects` names every node the layer describes, so
that ``vkg load`` can put it in a named graph of its own.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import DCTERMS, PROV, RDF, RDFS, VKG, VPO
from ..project import EVIDENCE_DIR, folder_files
from ..rdf.parsing import parse_turtle

PUBLICATIONS = "publications.tsv"
MARKS = frozenset({"V", "S"})
COLUMNS = [
    "id",
    "first_author",
    "year",
    "title",
    "venue",
    "pmid",
    "pmid_mark",
    "doi",
    "doi_mark",
    "url",
    "url_mark",
    "design",
    "population",
    "comparator",
    "time_point",
    "holder",
    "holder_label",
    "mark",
]
DESIGNS = frozenset(
    {"sham-controlled RCT", "open RCT", "meta-analysis", "systematic review", "guideline", "task force", "cohort"}
)
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
DOI = "https://doi.org/"


@dataclass(frozen=True)
class Publication:
    row: dict[str, str]

    @property
    def iri(self) -> str:
        if self.row["doi"]:
            return DOI + self.row["doi"]
        if self.row["pmid"]:
            return PUBMED + self.row["pmid"]
        return self.row["url"]

    @property
    def identifiers(self) -> set[str]:
        """Every IRI that names this publication: DOI, PubMed and URL."""
        found = {self.row["url"]} if self.row["url"] else set()
        if self.row["doi"]:
            found.add(DOI + self.row["doi"])
        if self.row["pmid"]:
            found.add(PUBMED + self.row["pmid"])
        return found


def evidence_dir(root: Path) -> Path:
    return root / EVIDENCE_DIR


def evidence_files(root: Path) -> list[Path]:
    """The hand-edited Turtle files of the evidence layer, sorted (none when there is no evidence/)."""
    return folder_files(evidence_dir(root), "*.ttl")


def read_publications(path: Path) -> list[Publication]:
    """The rows of ``path``; refuse a missing column, an identifier without a V or S mark, a row
    with no identifier, or an unknown design."""
    shown = f"{EVIDENCE_DIR}/{path.name}"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != COLUMNS:
            raise InputError(shown, f"columns must be {' '.join(COLUMNS)}", line=1)
        rows = list(reader)
    publications = []
    for number, row in enumerate(rows, start=2):
        for key in ("pmid", "doi", "url"):
            if row[key] and row[f"{key}_mark"] not in MARKS:
                raise InputError(
                    shown, f"{row['id']}: {key} has mark {row[f'{key}_mark']!r}", line=number, hint="only V or S"
                )
            if not row[key] and row[f"{key}_mark"]:
                raise InputError(shown, f"{row['id']}: {key}_mark without a {key}", line=number)
        if not (row["pmid"] or row["doi"] or row["url"]):
            raise InputError(shown, f"{row['id']}: no PMID, DOI or URL", line=number)
        if row["mark"] not in MARKS:
            raise InputError(shown, f"{row['id']}: mark {row['mark']!r}", line=number, hint="only V or S")
        if row["design"] not in DESIGNS:
            raise InputError(shown, f"{row['id']}: unknown design {row['design']!r}", line=number)
        publications.append(Publication(row))
    return publications


def publications(root: Path) -> list[Publication]:
    path = evidence_dir(root) / PUBLICATIONS
    return read_publications(path) if path.is_file() else []


def _text(value: str) -> ox.Literal:
    return ox.Literal(value, language="en")


def publication_triples(rows: list[Publication], described: set[str]) -> list[ox.Triple]:
    """Triples for each publication and holder; a publication whose IRI is in ``described`` (it
    already has a label elsewhere, as in ontology/references.ttl) gets only its design, mark and
    other identifiers."""
    triples: list[ox.Triple] = []
    agents: dict[str, str] = {}

    def add(subject: str, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), obj))

    for publication in rows:
        row, iri = publication.row, publication.iri
        if iri not in described:
            add(iri, RDF + "type", ox.NamedNode(DCTERMS + "BibliographicResource"))
            author = f"{row['first_author']} et al." if row["first_author"] else "First author not recorded."
            add(iri, RDFS + "label", _text(f"{row['title']} ({row['year']})"))
            add(iri, DCTERMS + "bibliographicCitation", _text(f"{author} {row['venue']}, {row['year']}."))
            details = [f"Population: {row['population']}."]
            if row["comparator"]:
                details.append(f"Comparator: {row['comparator']}.")
            if row["time_point"]:
                details.append(f"Time point: {row['time_point']}.")
            details.append(f"Row {row['id']} of evidence/{PUBLICATIONS}.")
            add(iri, RDFS + "comment", _text(" ".join(details)))
        add(iri, VPO + "studyDesign", ox.Literal(row["design"]))
        add(iri, VPO + "verificationMark", ox.Literal(row["mark"]))
        for other in sorted(publication.identifiers - {iri}):
            add(iri, RDFS + "seeAlso", ox.NamedNode(other))
        agents[row["holder"]] = row["holder_label"]
    for local, label in sorted(agents.items()):
        add(VKG + local, RDF + "type", ox.NamedNode(PROV + "Agent"))
        add(VKG + local, RDFS + "label", _text(label))
    return triples


def evidence_subjects(root: Path) -> set[ox.NamedNode | ox.BlankNode | ox.Triple]:
    """Every subject the evidence layer describes: its Turtle files' subjects, publications and holders."""
    subjects: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
    for path in evidence_files(root):
        subjects.update(t.subject for t in parse_turtle(path, shown_as=f"{EVIDENCE_DIR}/{path.name}"))
    for triple in publication_triples(publications(root), set()):
        subjects.add(triple.subject)
    return subjects
