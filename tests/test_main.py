"""reportgen/__main__.py: the `reportgen` command's process."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from .helpers import PLAN_EXAMPLE, ROOT


def test_the_console_script_runs_the_process_set_up():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["reportgen"] == "reportgen.__main__:main"


def test_validate_runs_no_garbage_collection():
    """What a one-record command imports lives until it exits: the collector is not run over it (see
    the comment in reportgen/__main__.py). CliRunner and library callers keep Python's own threshold."""
    code = (
        "import gc, sys\n"
        "from reportgen.__main__ import main\n"
        "phases = []\n"
        "gc.callbacks.append(lambda phase, info: phases.append(phase))\n"
        f"sys.argv = ['reportgen', 'validate', {str(PLAN_EXAMPLE)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "print(phases.count('start'), gc.get_threshold()[0], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stderr.split() == ["0", "50000"]
