"""The release: assemble, reason and write it atomically (:mod:`.assembly`, :mod:`.artefacts`), its
version and date (:mod:`.version`), what OBO tools read (:mod:`.obo_annotations`), its VoID/DCAT
description (:mod:`.dataset_description`) and the cache of the reasoned release (:mod:`.cache`).
"""
