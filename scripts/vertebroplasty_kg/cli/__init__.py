"""The ``vkg`` command line (:mod:`.main`): it parses arguments, renders text (answers:
:mod:`.result_formats`; findings: :mod:`.findings_text`; what ``vkg query`` prints:
:mod:`.query_command`), shows progress bars and maps errors to exit codes; the work is done by the
other subpackages.
"""
