"""The ``vkg`` command line (:mod:`.main`): it parses arguments, renders text and maps errors to exit
codes; the work is done by the other subpackages.
"""
