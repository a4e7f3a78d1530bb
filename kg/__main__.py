"""``python -m kg`` runs the same CLI as the ``kg`` command."""

from kg.cli import main

main(prog_name="kg")
