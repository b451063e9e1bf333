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


def test_an_installed_wheel_renders_from_what_it_carries(tmp_path):
    """A wheel has no checkout around it: the schemas, templates and examples it reads go inside the
    package (pyproject.toml force-include; reportgen/shipped.py finds them) — the wheel alone renders
    the bundled plan to the same bytes as the checkout."""
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("reportgen-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "PYTHONPATH": str(site),  # ahead of the venv's editable install: the wheel's reportgen
        "REPORTGEN_CACHE_DIR": str(tmp_path / "cache"),
    }
    record = site / "reportgen" / "_shipped" / "examples" / "plan-chatdong-support-team.json"
    for out, python in ((tmp_path / "wheel-out", env), (tmp_path / "checkout-out", None)):
        done = subprocess.run(
            [sys.executable, "-m", "reportgen", "render", str(record), "-o", str(out), "-f", "docx,hwpx"],
            cwd=tmp_path,
            env=python or {k: v for k, v in env.items() if k != "PYTHONPATH"},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    where = subprocess.run(
        [sys.executable, "-c", "from reportgen import shipped; print(shipped.folder('schemas'))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where) == site / "reportgen" / "_shipped" / "schemas"
    for name in ("plan-chatdong-support-team.docx", "plan-chatdong-support-team.hwpx"):
        assert (tmp_path / "wheel-out" / name).read_bytes() == (tmp_path / "checkout-out" / name).read_bytes()
