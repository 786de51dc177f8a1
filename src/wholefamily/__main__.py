"""``python -m wholefamily``: the same commands as the ``wholefamily`` script."""

from wholefamily.cli import main

main()
