"""What an atomic load shares between the embedded store and remote servers: the staging graph's
name, the report, and chunks that never split the triples of a blank node.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

STAGING_INFIX = "-staging-"


@dataclass(frozen=True)
class LoadReport:
    graph: str
    triples: int
    previous: int
    """Triples the graph held before the load."""
    method: str
    requests: int
    evidence: LoadReport | None = None
    """The load of the evidence layer into its own graph beside this one (``vkg load`` of the release)."""


def staging_graph(target: str, nonce: str | None = None) -> str:
    """A fresh graph name beside ``target``, for one load."""
    return f"{target}{STAGING_INFIX}{nonce or os.urandom(6).hex()}"


def chunks(triples: Sequence[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """``triples`` in order, in chunks of about ``size``; triples linked by blank nodes stay together."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        blanks = [term for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)]
        if len(blanks) == 2:
            parent[root(blanks[0])] = root(blanks[1])
        elif blanks:
            root(blanks[0])
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    units: list[list[ox.Triple]] = []
    for triple in triples:
        blank = next((term for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)), None)
        if blank is None:
            units.append([triple])
            continue
        group = groups.get(root(blank))
        if group is None:
            group = groups[root(blank)] = []
            units.append(group)
        group.append(triple)
    chunk: list[ox.Triple] = []
    for unit in units:
        if chunk and len(chunk) + len(unit) > size:
            yield chunk
            chunk = []
        chunk.extend(unit)
    if chunk:
        yield chunk
