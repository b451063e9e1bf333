"""What the commands share: exit codes, option parsing, the organisation's settings, error printing.

Imported by `reportgen --help`: only click and the names of formats at the top; the settings
(config, dataclasses, the error types) load when a command runs (see cli/__init__)."""

from __future__ import annotations

import os
import sys
from functools import wraps
from typing import TYPE_CHECKING

import click

from ..writers import WRITERS

if TYPE_CHECKING:
    from pathlib import Path

    from ..config import Config
    from ..errors import InvalidRecord

EXIT_INVALID = 1
EXIT_LOCKED = 3  # another batch is writing OUTDIR: try again later, nothing is wrong with the records


class HelpFormatter(click.HelpFormatter):
    """click's, with the terminal's width found as click finds it (shutil.get_terminal_size) but
    without importing shutil, which loads zlib, bz2 and lzma: ~3 ms of `reportgen --help`."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None):
        from click import formatting

        if width is None and formatting.FORCED_WIDTH is None:  # (CliRunner forces a width)
            width = max(min(_terminal_columns(), 80 if max_width is None else max_width) - 2, 50)
        super().__init__(indent_increment, width, max_width)


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """Every reportgen command (cls=Command): its help is laid out by HelpFormatter."""

    context_class = Context


class Group(click.Group):
    context_class = Context
    command_class = Command


class PathArg(click.Path):
    """click.Path(path_type=pathlib.Path) with pathlib loaded by the first value, not by defining the
    commands: `reportgen --help` then never imports it (pathlib with urllib.parse: ~5 ms)."""

    def coerce_path_result(self, value):
        from pathlib import Path

        return value if isinstance(value, Path) else Path(value)


class Settings:
    """What a command was told about the organisation's settings: --config FILE (else the settings
    file found from each record's folder up) and the options that win over the file. (A plain
    class: a dataclass here would load `dataclasses` for --help.)"""

    def __init__(
        self,
        config_file: Path | None = None,
        allow_disclosure: tuple[str, ...] = (),
        reporter_symbol: str | None = None,
        allow_outside: tuple[str, ...] = (),
    ):
        self.config_file = config_file
        self.allow_disclosure = allow_disclosure
        self.reporter_symbol = reporter_symbol
        self.allow_outside = allow_outside
        self._read: dict = {}  # settings file → Config, read once per command

    def config_for(self, path: str | Path, final: bool = False, cover_letter: bool = False) -> Config:
        """The Config of the record (or folder) at `path`; InvalidRecord naming a broken settings file."""
        from pathlib import Path

        from ..config import find_settings

        found = self.config_file or find_settings(Path(path))
        return self._config(found and Path(found).resolve(), final, cover_letter)

    def _config(self, settings_file: Path | None, final: bool, cover_letter: bool = False) -> Config:
        from dataclasses import replace

        from ..config import Config, load_settings

        if settings_file not in self._read:
            self._read[settings_file] = load_settings(settings_file) if settings_file else Config()
        config = self._read[settings_file]
        return replace(
            config,
            extra_disclosures=tuple(dict.fromkeys([*config.extra_disclosures, *self.allow_disclosure])),
            reporter_symbol=self.reporter_symbol or config.reporter_symbol,
            final=final,
            cover_letter=cover_letter,
            allow_outside=self.allow_outside,
        )


def config_from(allow_disclosure: tuple[str, ...], reporter_symbol: str | None = None, final: bool = False) -> Config:
    """Options alone, no settings file (what a library caller or a test builds by hand)."""
    return Settings(None, tuple(allow_disclosure), reporter_symbol)._config(None, final)


def echo(text, err: bool = False) -> None:
    """click.echo of a line that may hold anything a record or a file name holds (see printable)."""
    from ..errors import printable

    click.echo(printable(str(text)), err=err)


def report(exc: InvalidRecord) -> None:
    for problem in exc.problems:
        echo(problem, err=True)


def templates_from(values: tuple[str, ...], formats: tuple[str, ...]) -> dict[str, str]:
    chosen = {}
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"write --template as FORMAT=PATH, not {value!r}", param_hint="--template")
        if fmt not in formats:
            raise click.BadParameter(f"{fmt!r} is not one of the formats asked for ({', '.join(formats)})", param_hint="--template")
        chosen[fmt] = path
    return chosen


def formats_from(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in WRITERS]
    if not formats or unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or value!r} (known: {', '.join(WRITERS)})")
    return formats


_allow = click.option(
    "--allow-disclosure", multiple=True, metavar="WORDING", help="Accept another 공개여부 wording, e.g. 대국민공개 (repeatable)."
)
_reporter = click.option(
    "--reporter-symbol",
    default=None,
    metavar="MARK",
    # Config.reporter_symbol, written out so --help does not load the settings (a test compares them).
    help="The mark printed before the 보고자's 직위 (some offices use ◎) [default: ●].",
)
_config = click.option(
    "--config",
    "config_file",
    type=PathArg(dir_okay=False),
    metavar="FILE",
    help="The organisation settings file (default: reportgen.toml or .reportgen.yaml in the record's folder or above).",
)


_outside = click.option(
    "--allow-outside",
    multiple=True,
    metavar="PATH",
    type=click.Path(file_okay=False),
    help="Let records include or show files under PATH, outside their records folder (repeatable).",
)


def options(command):
    """The organisation's settings every command takes, handed to the command as `settings`."""

    @wraps(command)
    def with_settings(*args, config_file, allow_disclosure, reporter_symbol, allow_outside, **kwargs):
        settings = Settings(config_file, tuple(allow_disclosure), reporter_symbol, tuple(map(str, allow_outside)))
        return command(*args, settings=settings, **kwargs)

    return _config(_allow(_reporter(_outside(with_settings))))


final_option = click.option(
    "--final",
    is_flag=True,
    help="The document goes out now: require 문서번호 and 결재일자 (a draft may leave them out).",
)


cover_letter_option = click.option(
    "--with-cover-letter",
    "cover_letter",
    is_flag=True,
    help="Also write the covering 기안문 of each plan or result report: OUTDIR/<stem>-기안문.<ext>.",
)


def config_templates(config: Config, formats: tuple[str, ...]) -> dict[str, str]:
    """The settings file's templates for the formats asked for."""
    return {fmt: path for fmt, path in config.templates if fmt in formats}


def renderer_for(formats: tuple[str, ...], config: Config, chosen: dict[str, str]):
    """A Renderer with the settings' templates, --template winning; a broken template is a usage
    error (no traceback), a missing converter is printed and leaves the other formats."""
    from ..pipeline import Renderer

    try:
        renderer = Renderer(formats, config, chosen)
    except Exception as exc:  # an unreadable or broken template: say which, no traceback
        raise click.ClickException(f"cannot load the template: {type(exc).__name__}: {exc}") from None
    for fmt, reason in renderer.unavailable.items():
        echo(f"error: cannot write {fmt}: {reason}", err=True)
    return renderer
