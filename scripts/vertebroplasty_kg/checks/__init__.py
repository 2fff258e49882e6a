"""The quality gates, as one list of findings (:mod:`vertebroplasty_kg.findings`): :mod:`.validation`
runs them in stages: SHACL (:mod:`.shacl`; :mod:`.shapes_graph` and :mod:`.shacl_sparql` compile
SHACL Core to SPARQL for case records), the QC queries (:mod:`.qc_checks`) and HermiT
(:mod:`.reasoning`).
"""
