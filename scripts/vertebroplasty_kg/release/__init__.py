"""The release: assemble, reason and write it atomically (:mod:`.assembly`, :mod:`.artefacts`), its
version and date (:mod:`.version`), what OBO tools read (:mod:`.obo_annotations`), its VoID/DCAT
description (:mod:`.dataset_description`), the cache of the reasoned release (:mod:`.cache`) and the
reasoned release read from it or made again (:mod:`.cached_release`).
"""
