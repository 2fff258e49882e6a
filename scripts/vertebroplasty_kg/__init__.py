"""vertebroplasty-kg: an OWL ontology and claim-level knowledge graph of vertebroplasty.

The package is organised in subpackages by stage, each with its modules listed in its docstring:

- :mod:`.project`, :mod:`.namespaces`, :mod:`.errors`, :mod:`.findings`, :mod:`.size_limits`,
  :mod:`.directory_swap` -- where a project's files live, the namespaces, the one error type with a
  hint, findings, the memory limits, and the one way a folder is replaced atomically;
- :mod:`.rdf` -- reading and writing RDF files and SPARQL text;
- :mod:`.inputs` -- the hand-edited inputs and their sources (checksums, quotes, sentences, mappings,
  evidence, questions);
- :mod:`.checks` -- the quality gates (SHACL, QC queries, HermiT) as one list of findings;
- :mod:`.htmldocs` -- the HTML documentation in ``dist/docs/``;
- :mod:`.release` -- assemble, reason and write the release atomically; its cache;
- :mod:`.stores` -- where SPARQL runs: in memory, on disk, rdflib, a SPARQL 1.1 server; ``vkg load`` and ``vkg serve``;
- :mod:`.query` -- asking a question: its parameters, the store to ask, the answer;
- :mod:`.cases` -- ``vkg assess`` and ``vkg synth``: case records, FHIR, rules, synthetic registries;
- :mod:`.api` -- the public Python API (``__all__`` below): the commands as functions that return data;
- :mod:`.cli` -- the ``vkg`` command line: arguments, text output, progress bars, exit codes.

The stages depend in that order (a later one may import an earlier one, never the reverse;
``tests/test_package_layers.py`` checks it).
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
    "Answer": "stores.answers",
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
