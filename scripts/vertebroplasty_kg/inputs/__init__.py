"""The hand-edited inputs and their sources: required files (:mod:`.input_files`), source checksums
(:mod:`.sources`), quote anchors (:mod:`.anchors`), sentence coverage (:mod:`.sentences`,
:mod:`.sentence_coverage`, :mod:`.claim_free`), the mapping set (:mod:`.mappings`), the evidence
layer (:mod:`.evidence`) and the competency questions (:mod:`.questions`).
"""
