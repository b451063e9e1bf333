"""`reportgen preview` and `reportgen import`: thin click commands over reportgen.preview and
reportgen.importer, registered on the main group in cli.py. Exit codes as everywhere: 0 ok,
1 invalid input (or a missing tool, named with its package), 2 usage."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .options import EXIT_INVALID, Command, PathArg, echo, options, report

if TYPE_CHECKING:
    from pathlib import Path


def _fail(path: Path, message: str) -> None:
    echo(f"{path}: {message}", err=True)
    sys.exit(EXIT_INVALID)


@click.command(cls=Command)
@click.argument("file", type=PathArg(dir_okay=False))
@click.option("-o", "--outdir", required=True, type=PathArg(file_okay=False), help="Folder for OUTDIR/<stem>-<page>.png.")
@options
def preview(file, outdir, settings):
    """Page PNGs of a record, a .docx, .hwpx or .hwp — to look without an office suite."""
    from ..errors import InvalidRecord
    from ..preview import PreviewError
    from ..preview import preview as make_preview

    if not file.is_file():
        _fail(file, "no such file")
    try:
        pages = make_preview(file, outdir, settings.config_for(file))
    except InvalidRecord as exc:
        report(exc)
        sys.exit(EXIT_INVALID)
    except (PreviewError, ValueError, OSError) as exc:
        _fail(file, str(exc))
    for page in pages:
        echo(page)


@click.command("import", cls=Command)
@click.argument("file", type=PathArg(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of YAML (notes go to stderr).")
@click.option(
    "-o",
    "--output",
    type=PathArg(dir_okay=False),
    help="Save the record to this file instead of printing it (.json implies --json).",
)
@options
def import_(file, as_json, output, settings):
    """A starting record from an existing .hwp, .hwpx or .docx (last year's plan, a 기안문)."""
    from ..errors import InvalidRecord
    from ..importer import import_document
    from ..output import write_atomic

    if not file.is_file():
        _fail(file, "no such file")
    try:  # the organisation's defaults (department, date style) fill what the document lacks
        config = settings.config_for(output or file)
    except InvalidRecord as exc:
        report(exc)
        sys.exit(EXIT_INVALID)
    try:
        imported = import_document(file)
    except (ValueError, ImportError, OSError) as exc:  # unreadable, encrypted, or no reader installed
        _fail(file, f"cannot import: {exc}")
    if not imported.text_lines:
        what = f"only {imported.images} picture(s)" if imported.images else "an empty document"
        _fail(file, f"cannot import: no text in it ({what}); nothing written")
    imported.record = config.with_defaults(imported.record)
    as_json = as_json or (output is not None and output.suffix.lower() == ".json")
    text = imported.json() if as_json else imported.yaml()
    if as_json:
        for note in imported.notes:
            echo(f"{file}: note: {note}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text.encode("utf-8"))
        except OSError as exc:
            _fail(output, f"cannot write: {exc}")
        echo(output)
