"""vertebroplasty-kg: an OWL ontology and claim-level knowledge graph of vertebroplasty.

The package is organised as one module per pipeline stage:

- :mod:`.project`  -- where a project's inputs and outputs live;
- :mod:`.loading`  -- parse the hand-edited Turtle into one dataset, with errors that name file and line;
- :mod:`.obo_annotations` -- add what OBO tools read: IAO definitions, labels, named individuals;
- :mod:`.sources`  -- check that every source document matches its recorded checksum;
- :mod:`.anchors`  -- check that every claim's quote points at the exact characters of its source;
- :mod:`.validation` -- the quality gates, as one list of findings (:mod:`.findings`):
  :mod:`.input_files` (required files present, none empty), :mod:`.sentence_coverage` (every sentence
  of a source quoted by a claim or listed in :mod:`.claim_free`; :mod:`.sentences` splits the text),
  :mod:`.shacl` (shapes/), :mod:`.qc_checks` (queries/qc/), :mod:`.reasoning` (HermiT via owlready2);
- :mod:`.turtle_positions` -- where a statement is written in a Turtle file, for messages;
- :mod:`.release`  -- load, verify, validate, then write the release files atomically
  (:mod:`.rdfxml`, :mod:`.turtle_writer`, :mod:`.jsonld`);
- :mod:`.questions`, :mod:`.parameters`, :mod:`.query_targets`, :mod:`.result_formats`,
  :mod:`.querying` -- ``vkg query``: competency questions, parameter binding, stores, output formats;
- :mod:`.release_load` -- ``vkg load``: the release (or a file) into a store, as one named graph;
- :mod:`.embedded_store` -- the on-disk Oxigraph store: atomic bulk loads, queries;
- :mod:`.remote_load` -- atomic loads into a SPARQL 1.1 server (staging graph, count, ``MOVE``);
- :mod:`.staging` -- what both share: the staging graph's name, the report, blank-node-safe chunks;
- :mod:`.sparql_endpoint` -- a remote SPARQL service: query, update, Graph Store HTTP Protocol;
- :mod:`.sparql_http`, :mod:`.http_auth` -- HTTP with retries and clear errors; credentials, Basic and Digest;
- :mod:`.sparql_text` -- internal SPARQL files, and parameters bound as an inline VALUES block;
- :mod:`.sparql_results` -- one answer shape for every engine, and a normal form to compare answers;
- :mod:`.docs_graph`, :mod:`.docs_terms`, :mod:`.docs_axioms`, :mod:`.manchester`, :mod:`.docs_source_text`,
  :mod:`.docs_model`, :mod:`.docs_diagrams`, :mod:`.docs_html` -- the HTML documentation in ``dist/docs/``:
  the release read by SPARQL, names and addresses, axioms in Manchester-like syntax, the source text
  cut for highlighting, plain dataclasses, Graphviz diagrams, Jinja2 pages;
- :mod:`.serve` -- ``vkg serve``: the release on a read-only local SPARQL endpoint (``oxigraph serve-read-only``);
- :mod:`.api`      -- the public Python API (``__all__`` below): the commands as functions that return data;
- :mod:`.cli`      -- the ``vkg`` command line, which only parses arguments and maps errors to exit codes.
"""

from typing import Any

__all__ = [
    "Answer",
    "Project",
    "VkgError",
    "ask",
    "ask_store",
    "build",
    "get_release",
    "list_questions",
    "load_store",
    "validate",
]
"""The public Python API (``docs/python-api.md``); everything else may change between versions."""

_HOME = {
    "Answer": "query_targets",
    "Project": "project",
    "VkgError": "errors",
    **dict.fromkeys(["ask", "ask_store", "build", "get_release", "list_questions", "load_store", "validate"], "api"),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vertebroplasty-kg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """The API's names (and ``__version__``), imported when first used, so that ``vkg`` starts
    without loading them all."""
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value
