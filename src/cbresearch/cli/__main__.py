"""``python -m cbresearch.cli``: the same as the ``cbresearch`` console script."""

from . import main

main()
