"""``python -m vertebroplasty_kg`` runs the ``vkg`` command line."""

from .cli.quick import main

main()
