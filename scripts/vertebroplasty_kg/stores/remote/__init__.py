"""A SPARQL 1.1 server: query, update and Graph Store HTTP Protocol (:mod:`.endpoint`), HTTP with
retries and clear errors (:mod:`.http`), credentials with Basic and Digest (:mod:`.auth`), atomic
loads through a staging graph (:mod:`.load`).
"""
