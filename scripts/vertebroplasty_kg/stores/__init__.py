"""Where SPARQL runs and what a load writes: answers of every engine in one shape (:mod:`.answers`),
the one interface of every store (:mod:`.store`) and its implementations: pyoxigraph in memory
(:mod:`.memory`), rdflib (:mod:`.rdflib_store`), the on-disk Oxigraph store (:mod:`.embedded`) and
SPARQL 1.1 servers (:mod:`.remote`); the staging graph and report both loads share
(:mod:`.staging`), ``vkg load`` (:mod:`.release_load`) and ``vkg serve`` (:mod:`.serve`).
"""

DEFAULT_PORT = 7878
"""The port ``vkg serve`` listens on unless told otherwise (Oxigraph's own default); named here so that
the command line offers it without importing :mod:`.serve`."""
