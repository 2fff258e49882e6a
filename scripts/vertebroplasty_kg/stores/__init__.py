"""Where SPARQL runs and what a load writes: answers of every engine in one shape (:mod:`.answers`),
the stores as query targets (:mod:`.targets`), the on-disk Oxigraph store (:mod:`.embedded`), the
staging graph and report both loads share (:mod:`.staging`), ``vkg load`` (:mod:`.release_load`),
``vkg serve`` (:mod:`.serve`) and SPARQL 1.1 servers (:mod:`.remote`).
"""
