"""Reading and writing RDF and SPARQL text: one parser with one format map and one error translation
(:mod:`.parsing`), where a statement sits in a Turtle file (:mod:`.turtle_positions`), the release's
writers (:mod:`.turtle_writer`, :mod:`.rdfxml`, :mod:`.jsonld`), and SPARQL text
(:mod:`.sparql_text`: the package's internal queries, query forms read by a parser, values bound
inline).
"""
