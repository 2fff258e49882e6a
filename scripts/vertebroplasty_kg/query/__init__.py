"""Asking a question: the parameters of a question (:mod:`.parameters`) and the store to ask, with the
answer (:mod:`.asking`). What ``vkg query`` prints is in :mod:`vertebroplasty_kg.cli`.
"""
