"""`python -m reportgen.cli` — the same commands as the `reportgen` script."""

from . import main

main()
