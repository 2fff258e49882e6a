"""The HTML documentation in ``dist/docs/``: the release read by SPARQL (:mod:`.graph`), names and
addresses (:mod:`.terms`), axioms in Manchester-like syntax (:mod:`.axioms`, :mod:`.manchester`),
the source text cut for highlighting (:mod:`.source_text`), plain dataclasses (:mod:`.model`),
Graphviz diagrams (:mod:`.diagrams`) and Jinja2 pages (:mod:`.html`, ``templates/``).
"""
