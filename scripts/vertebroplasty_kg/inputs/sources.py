"""Source documents: the texts that claims quote, kept byte-exact under ``sources/``.

Each source document in the graph names its file (``vpo:localPath``) and the SHA-256 of its bytes
(``spdx.term:checksum``). A release is only built when every file is present and matches, so a quote
selector can never point into a text that has silently changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import SPDX, VPO
from ..rdf.parsing import objects_of, one_object

LOCAL_PATH = ox.NamedNode(VPO + "localPath")
CHECKSUM = ox.NamedNode(SPDX + "checksum")
CHECKSUM_VALUE = ox.NamedNode(SPDX + "checksumValue")
ALGORITHM = ox.NamedNode(SPDX + "algorithm")
SHA256 = ox.NamedNode(SPDX + "checksumAlgorithm_sha256")


@dataclass(frozen=True)
class SourceDocument:
    iri: str
    path: Path
    sha256: str

    def text(self) -> str:
        """The document as text; selector offsets count the code points of this string."""
        return self.path.read_bytes().decode("utf-8")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_documents(dataset: ox.Dataset, root: Path) -> list[SourceDocument]:
    """Every document with a ``vpo:localPath``, checked against its bytes on disk.

    Raises :class:`InputError` for a missing file, a missing or non-SHA-256 checksum, or a mismatch.
    """
    documents = []
    for quad in sorted(dataset.quads_for_predicate(LOCAL_PATH), key=str):
        if not isinstance(quad.subject, ox.NamedNode) or not isinstance(quad.object, ox.Literal):
            raise InputError(
                "ontology/source-documents.ttl", f"{quad}: vpo:localPath needs an IRI subject and a literal path"
            )
        iri = quad.subject.value
        relative = quad.object.value
        path = root / relative
        if not path.is_file():
            raise InputError(
                relative,
                f"source document <{iri}> names this file, but it does not exist",
                hint="restore the file from git, or correct vpo:localPath in ontology/source-documents.ttl",
            )
        recorded = None
        for checksum in objects_of(dataset, quad.subject, CHECKSUM):
            if isinstance(checksum, ox.Literal):
                continue
            if one_object(dataset, checksum, ALGORITHM) == SHA256:
                value = one_object(dataset, checksum, CHECKSUM_VALUE)
                recorded = value.value if isinstance(value, ox.Literal) else None
        if recorded is None:
            raise InputError(
                relative,
                f"source document <{iri}> has no SHA-256 checksum",
                hint="add spdx.term:checksum with spdx.term:algorithm spdx.term:checksumAlgorithm_sha256 "
                "in ontology/source-documents.ttl",
            )
        actual = sha256_of(path)
        if actual != recorded:
            raise InputError(
                relative,
                f"SHA-256 is {actual}, but <{iri}> records {recorded}",
                hint="sources/ must stay byte-exact: restore the file from git; if the text really changed, "
                "re-anchor every claim on it and update the checksum",
            )
        documents.append(SourceDocument(iri=iri, path=path, sha256=actual))
    return documents
