"""cli/options.py: what the commands share."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from reportgen.cli.options import Context, HelpFormatter, PathArg


def test_path_arguments_are_pathlib_paths():
    """PathArg stands for click.Path(path_type=Path) without importing pathlib for --help."""
    given = PathArg(dir_okay=False).convert("records/a.json", None, None)
    assert type(given) is type(Path("records/a.json")) and given == Path("records/a.json")
    assert PathArg(file_okay=False).convert(Path("out"), None, None) == Path("out")
    assert isinstance(PathArg(), click.Path)


@pytest.mark.parametrize("columns", [None, "40", "60", "100", "200", "0", "-3", "wide"])
@pytest.mark.parametrize("max_width", [None, 70, 120])
def test_help_is_as_wide_as_clicks_own(monkeypatch, columns, max_width):
    """HelpFormatter reads the terminal's width without shutil: the same width click would use."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert HelpFormatter(max_width=max_width).width == click.HelpFormatter(max_width=max_width).width
    assert HelpFormatter(width=33).width == 33
    monkeypatch.setattr(click.formatting, "FORCED_WIDTH", 90)
    assert HelpFormatter(max_width=max_width).width == click.HelpFormatter(max_width=max_width).width == 90


def test_every_command_lays_its_help_out_with_help_formatter():
    from reportgen.cli import main

    assert main.context_class is Context
    assert {name: cmd.context_class for name, cmd in main.commands.items()} == dict.fromkeys(main.commands, Context)
