"""What installing reportgen (pyproject.toml's build backend) puts in every Python process of its venv."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_editable_install_loads_no_import_finder_in_every_process(tmp_path):
    """setuptools' editable install of this flat layout is an import finder that site loads in every
    process (pathlib, importlib.util, …: 20–56 ms before `reportgen --help` starts); hatchling's is a
    plain path .pth. A venv installed before the switch fails here: run `bash scripts/setup.sh` again."""
    code = "import sys, reportgen; print([m for m in sys.modules if m.startswith('__editable__')]); print(reportgen.__file__)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    loaded, where = done.stdout.splitlines()
    assert loaded == "[]", f"site loaded {loaded}: reinstall the venv (bash scripts/setup.sh)"
    assert where.endswith(os.path.join("reportgen", "__init__.py"))
