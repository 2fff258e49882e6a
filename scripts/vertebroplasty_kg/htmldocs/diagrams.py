"""Diagrams of the documentation, drawn by Graphviz's ``dot`` as SVG.

- ``class-hierarchy.svg``: every class of the release and its named superclasses; asserted links
  solid, links the reasoner inferred dashed.
- ``defining-attributes.svg``: the restrictions on vertebroplasty, its two kinds and vertebral
  augmentation (``hasAccess some PercutaneousApproach``), bold when they define the class
  (equivalence), plain when they are necessary conditions only, dashed red when negated.

The DOT text is written in a fixed order, every node and edge has an explicit id (two diagrams share
one page), and ``dot`` gives the same bytes for the same text, so the SVG files are reproducible on
one Graphviz version. Node links are relative to the documentation's root.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from ..errors import EnvironmentProblem
from ..namespaces import VPO
from .manchester import plain
from .model import Documentation, TermPage
from .terms import Ref, short_name

DOT_ENV = "VKG_DOT"
FOCUS = tuple(
    VPO + name
    for name in ("VertebralAugmentation", "Vertebroplasty", "PercutaneousVertebroplasty", "OpenVertebroplasty")
)
"""The classes whose defining attributes the second diagram draws."""
_FONT = 'fontname="Helvetica,Arial,sans-serif"'


@dataclass(frozen=True)
class Diagram:
    name: str
    """File name under the documentation's root: ``class-hierarchy.svg``."""
    title: str
    dot: str
    svg: str = ""


def find_dot() -> str:
    """The ``dot`` program (``$VKG_DOT``, else on PATH); :class:`EnvironmentProblem` when there is none."""
    wanted = os.environ.get(DOT_ENV, "dot")
    found = shutil.which(wanted)
    if found is None:
        where = f"${DOT_ENV}={wanted}" if DOT_ENV in os.environ else "on PATH"
        raise EnvironmentProblem(
            f"Graphviz's `dot` program was not found ({where}); vkg build draws the documentation's diagrams with it",
            hint="install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz), "
            f"or set {DOT_ENV}=/path/to/dot, or build without the HTML documentation: vkg build --no-docs",
        )
    return found


def render_svg(dot_text: str, dot: str) -> str:
    """``dot_text`` drawn as SVG by the ``dot`` program."""
    try:
        result = subprocess.run([dot, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, check=False)
    except OSError as error:
        raise EnvironmentProblem(f"cannot run {dot}: {error}", hint="reinstall Graphviz") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise EnvironmentProblem(
            f"{dot} failed: {message[0] if message else 'exit code ' + str(result.returncode)}",
            hint="check the Graphviz installation (dot -V)",
        )
    return result.stdout.decode("utf-8")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _id(prefix: str, iri: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]", "_", short_name(iri))


def _node(prefix: str, ref: Ref, extra: str = "") -> str:
    attributes = [f"id={_quote(_id(prefix, ref.iri))}", f"label={_quote(ref.text)}", f"tooltip={_quote(ref.curie)}"]
    if not ref.external:
        attributes.append(f"URL={_quote(ref.href)}")
    else:
        attributes.append('style="rounded,dashed"')
    return f"  {_quote(_id('', ref.iri))} [{', '.join(attributes)}{extra}];"


def hierarchy_dot(docs: Documentation) -> str:
    """Every non-obsolete class and its named superclasses; edges point from a class to its parent."""
    classes = [page for page in docs.pages if page.kind == "class" and not page.deprecated]
    nodes: dict[str, Ref] = {page.ref.iri: page.ref for page in classes}
    edges: list[str] = []
    for page in classes:
        for parent in page.parents:
            nodes.setdefault(parent.ref.iri, parent.ref)
            style = "dashed" if parent.inferred else "solid"
            edge_id = _quote(f"h-{_id('', page.ref.iri)}-{_id('', parent.ref.iri)}")
            edges.append(
                f"  {_quote(_id('', page.ref.iri))} -> {_quote(_id('', parent.ref.iri))} [id={edge_id}, style={style}];"
            )
    lines = [
        "digraph class_hierarchy {",
        '  graph [id="class-hierarchy", rankdir=RL, ranksep=0.35, nodesep=0.12, '
        f'tooltip="Class hierarchy: asserted links solid, inferred links dashed", {_FONT}];',
        f'  node [shape=box, style=rounded, fontsize=11, height=0.3, margin="0.08,0.03", {_FONT}];',
        "  edge [arrowhead=empty, arrowsize=0.7];",
    ]
    lines += [_node("h-", ref) for _, ref in sorted(nodes.items())]
    lines += sorted(edges)
    return "\n".join([*lines, "}", ""])


def attributes_dot(docs: Documentation) -> str:
    """The restrictions on the focus classes, and their named superclasses."""
    pages = {page.ref.iri: page for page in docs.pages}
    focus: list[TermPage] = [pages[iri] for iri in FOCUS if iri in pages]
    nodes: dict[str, str] = {}
    edges: list[str] = []
    for page in focus:
        nodes[page.ref.iri] = _node("a-", page.ref, ', style="rounded,filled,bold", fillcolor="#fff3c4"')
        source = _quote(_id("", page.ref.iri))
        for parent in page.parents:
            nodes.setdefault(parent.ref.iri, _node("a-", parent.ref, ', color="#777777", fontcolor="#444444"'))
            style = "dashed" if parent.inferred else "solid"
            target = _quote(_id("", parent.ref.iri))
            edge_id = _quote(f"a-isa-{_id('', page.ref.iri)}-{_id('', parent.ref.iri)}")
            edges.append(f'  {source} -> {target} [id={edge_id}, arrowhead=empty, color="#777777", style={style}];')
        for axiom in page.axioms:
            defining = axiom.kind == "EquivalentTo"
            for number, attribute in enumerate(axiom.attributes):
                if attribute.filler_iri is not None:
                    filler_ref = docs_ref(docs, attribute.filler_iri)
                    nodes.setdefault(attribute.filler_iri, _node("a-", filler_ref, ", shape=box"))
                    target_id = _id("", attribute.filler_iri)
                else:
                    target_id = f"expr-{_id('', page.ref.iri)}-{number}-{len(axiom.text)}"
                    label = plain(attribute.filler)
                    nodes.setdefault(
                        target_id,
                        f"  {_quote(target_id)} [id={_quote('a-' + target_id)}, label={_quote(label)}, "
                        'shape=box, style="rounded,dotted"];',
                    )
                name = short_name(attribute.property)
                label = f"not {name} {attribute.quantifier}" if attribute.negated else f"{name} {attribute.quantifier}"
                style = "dashed" if attribute.negated else "bold" if defining else "solid"
                color = "#b22222" if attribute.negated else "#1f4e79"
                edge_id = _quote(f"a-{_id('', page.ref.iri)}-{name}-{target_id}-{'not' if attribute.negated else 'is'}")
                edges.append(
                    f"  {source} -> {_quote(target_id)} [id={edge_id}, label={_quote(label)}, style={style}, "
                    f'color="{color}", fontcolor="{color}"];'
                )
    lines = [
        "digraph defining_attributes {",
        '  graph [id="defining-attributes", rankdir=LR, ranksep=0.5, nodesep=0.15, '
        f'tooltip="Defining attributes of vertebroplasty and its kinds", {_FONT}];',
        f'  node [shape=box, style=rounded, fontsize=11, height=0.3, margin="0.08,0.03", {_FONT}];',
        f"  edge [fontsize=9, arrowsize=0.7, {_FONT}];",
    ]
    lines += [text for _, text in sorted(nodes.items())]
    lines += sorted(set(edges))
    return "\n".join([*lines, "}", ""])


def docs_ref(docs: Documentation, iri: str) -> Ref:
    for page in docs.pages:
        if page.ref.iri == iri:
            return page.ref
    return Ref(iri, short_name(iri), iri, short_name(iri), external=True)


def diagrams(docs: Documentation, dot: str) -> tuple[Diagram, ...]:
    """Both diagrams of ``docs``, drawn with the ``dot`` program."""
    drawn = []
    for name, title, text in (
        ("class-hierarchy.svg", "Class hierarchy (inferred links dashed)", hierarchy_dot(docs)),
        ("defining-attributes.svg", "Defining attributes of vertebroplasty", attributes_dot(docs)),
    ):
        drawn.append(Diagram(name, title, text, render_svg(text, dot)))
    return tuple(drawn)
