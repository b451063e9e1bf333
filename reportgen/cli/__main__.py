"""`python -m reportgen.cli` — the same commands, in the same process set-up, as the `reportgen` script."""

from ..__main__ import main

main()
