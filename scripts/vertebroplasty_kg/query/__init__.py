"""``vkg query``: the parameters of a question (:mod:`.parameters`), asking one on a store
(:mod:`.asking`) and the output formats (:mod:`.result_formats`).
"""
