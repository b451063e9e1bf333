"""`reportgen preview` and `reportgen import` (reportgen/cli/tools.py): what they print."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from reportgen.cli import main

from ..helpers import PLAN_EXAMPLE


def test_printed_paths_are_escaped(tmp_path):
    """File names with a terminal escape or bytes that are not UTF-8 (a lone surrogate in Python) are
    printed escaped (errors.printable), in messages and in the paths a command reports."""
    missing = tmp_path / "gone\x1b[2J\udcff.docx"
    for command in ("import", "preview"):
        result = CliRunner().invoke(main, [command, str(missing), *(["-o", str(tmp_path)] if command == "preview" else [])])
        assert result.exit_code == 1
        assert result.output == f"{tmp_path}/gone\\u001b[2J\\udcff.docx: no such file\n"


def test_import_prints_the_saved_file_escaped(tmp_path):
    from reportgen.pipeline import Renderer

    source = tmp_path / "plan.docx"
    Renderer(("docx",)).render_file(PLAN_EXAMPLE, tmp_path)
    shutil.move(tmp_path / f"{PLAN_EXAMPLE.stem}.docx", source)
    saved = tmp_path / "record\x07\udcfe.yaml"
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(saved)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{tmp_path}/record\\u0007\\udcfe.yaml\n")
    assert saved.is_file()
