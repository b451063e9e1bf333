"""The `reportgen` command's process (the console script, and `python -m reportgen`): the click
commands of reportgen.cli, run once in a process of their own.

Kept outside reportgen.cli so it acts before click is imported; library callers (batch workers, the
service's app, tests with CliRunner) never run it."""

from __future__ import annotations

import gc


def main() -> None:
    # A command on one record makes some 16,000 (--help) to 40,000 (render -f docx,hwpx) container
    # objects that live until the process ends — modules, classes, click's commands, the schemas. At
    # the default threshold (700) the collector walks them some 40 times to find no garbage: 5–10 ms,
    # ~7% of a cold render. Collections still run, every 50,000 allocations (a batch, `serve`).
    gc.set_threshold(50_000)
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
