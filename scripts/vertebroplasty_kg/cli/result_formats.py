"""Write an :class:`.Answer` as an aligned table (for people), or as SPARQL 1.1 TSV, CSV or JSON results.

- ``table``: IRIs shortened with the release prefixes, literals as their text, one line per row;
- ``tsv``: SPARQL 1.1 Query Results TSV (terms in N-Triples syntax; integers and booleans bare);
- ``csv``: SPARQL 1.1 Query Results CSV (plain values, CRLF line ends);
- ``json``: SPARQL 1.1 Query Results JSON.

The same answer always gives the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from ..namespaces import PREFIXES, XSD, compact
from ..rdf.terms import Term
from ..stores.answers import Answer

_XSD_STRING = XSD + "string"
_BARE = {XSD + "integer": re.compile(r"^[+-]?[0-9]+$"), XSD + "boolean": re.compile(r"^(true|false)$")}
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_SHOWN = {
    **{
        code: f"\\u{code:04x}"
        for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    },
    **str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}),
}
"""Line breaks, tabs, every other control character (an escape sequence would drive the terminal) and
the bidirectional overrides and isolates (which reorder what a terminal shows) as escapes in a
table's cells; a backslash is doubled, so that ``\\u001b`` in a cell is always an escape."""


def ntriples(term: Term) -> str:
    """``term`` in N-Triples syntax, tabs and line breaks escaped; integers and booleans bare (Turtle)."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    quoted = '"' + term.value.translate(_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return quoted
    bare = _BARE.get(datatype)
    if bare is not None and bare.match(term.value):
        return term.value
    return f"{quoted}^^<{datatype}>"


def shown(term: Term | None) -> str:
    """How a table cell shows ``term``: compact IRIs, literal text with control characters escaped."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value, PREFIXES)  # the release's prefixes, as the answers' SPARQL uses them
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value.translate(_SHOWN)


def _width(text: str) -> int:
    import unicodedata  # tables only: tsv, csv and json do not load it

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def table(answer: Answer) -> str:
    """Aligned columns under a header line, then a count of rows."""
    cells = [list(answer.variables)] + [[shown(term) for term in row] for row in answer.rows]
    widths = [max(_width(row[column]) for row in cells) for column in range(len(answer.variables))]

    def line(row: list[str]) -> str:
        padded = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)]
        return "  ".join(padded).rstrip()

    lines = [line(cells[0]), "  ".join("-" * width for width in widths)]
    lines += [line(row) for row in cells[1:]]
    count = len(answer.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def tsv(answer: Answer) -> str:
    lines = ["\t".join(f"?{variable}" for variable in answer.variables)]
    lines += ["\t".join("" if term is None else ntriples(term) for term in row) for row in answer.rows]
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def csv_text(answer: Answer) -> str:
    import csv  # this writer's and json_text's modules are loaded only when their format is asked for
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(answer.variables)
    writer.writerows([_csv_value(term) for term in row] for row in answer.rows)
    return buffer.getvalue()


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value: dict[str, str] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        value["datatype"] = term.datatype.value
    return value


def json_document(answer: Answer) -> dict[str, Any]:
    """The answer as a SPARQL 1.1 Query Results JSON object."""
    bindings = [
        {variable: _json_term(term) for variable, term in zip(answer.variables, row, strict=True) if term is not None}
        for row in answer.rows
    ]
    return {"head": {"vars": list(answer.variables)}, "results": {"bindings": bindings}}


def json_text(answer: Answer) -> str:
    import json

    return json.dumps(json_document(answer), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Answer], str]] = {"table": table, "tsv": tsv, "csv": csv_text, "json": json_text}
"""Output format name -> writer."""
