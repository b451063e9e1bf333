"""cli/options.py: what the commands share."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.options import PathArg


def test_path_arguments_are_pathlib_paths():
    """PathArg stands for click.Path(path_type=Path) without importing pathlib for --help."""
    given = PathArg(dir_okay=False).convert("records/a.json", None, None)
    assert type(given) is type(Path("records/a.json")) and given == Path("records/a.json")
    assert PathArg(file_okay=False).convert(Path("out"), None, None) == Path("out")
    assert isinstance(PathArg(), click.Path)
