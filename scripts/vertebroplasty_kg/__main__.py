"""``python -m vertebroplasty_kg`` runs the ``vkg`` command line."""

from .cli.main import main

main()
