"""`reportgen minutes NOTES.md -o OUTDIR`: meeting notes → a result record → the same validate →
compose → write path as `render`. Registered on the main group in cli.py."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from ..writers import WRITERS
from .options import EXIT_INVALID, Command, PathArg, cover_letter_option, echo, formats_from, options, renderer_for, report, templates_from

if TYPE_CHECKING:
    from pathlib import Path

    from ..config import Config


def check_notes(path: Path, config: Config | None = None) -> dict:
    """Read, parse and validate a notes file; every problem carries its notes line."""
    # Loaded when notes are read, not when the CLI starts (markdown-it, jsonschema: see cli/__init__).
    from ..config import Config
    from ..errors import InvalidRecord, Problem
    from ..notes import locate, read_notes
    from ..validate import validate_record

    config = config or Config()
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InvalidRecord([Problem(source, "$", f"cannot read file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidRecord([Problem(source, "$", f"not UTF-8 text (byte {exc.start})")]) from None
    record, where = read_notes(text, source)
    record = config.with_defaults(record)
    problems = validate_record(record, source, config)
    if problems:
        raise InvalidRecord(locate(problems, where))
    return record


def record_bytes(record: dict, target: Path, notes_dir: Path) -> bytes:
    """The derived record as JSON or YAML (by `target`'s extension), its photo paths rewritten to
    stay right relative to where the record is saved, so `render` reproduces the document."""
    from pathlib import Path

    base = target.parent.resolve()
    record = dict(record)
    if "appendix" in record:
        record["appendix"] = [
            {**b, "image": Path(os.path.relpath(notes_dir.resolve() / b["image"], base)).as_posix()} if "image" in b else b
            for b in record["appendix"]
        ]
    if target.suffix.lower() in (".yaml", ".yml"):
        import yaml

        return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=120).encode("utf-8")
    import json

    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@click.command(cls=Command)
@click.argument("notes", type=PathArg(dir_okay=False))
@click.option("-o", "--outdir", type=PathArg(file_okay=False), help="Folder for OUTDIR/<notes stem>.<ext>.")
@click.option("-f", "--format", "formats", default="docx", show_default=True, help=f"Comma list of formats: {', '.join(WRITERS)}.")
@click.option(
    "--record",
    "record_path",
    type=PathArg(dir_okay=False),
    help="Also save the derived record (.json, .yaml or .yml) to edit and `render` later.",
)
@click.option("--check", is_flag=True, help="Only check the notes; write nothing.")
@click.option(
    "--template", "templates", multiple=True, metavar="FORMAT=PATH", help="Use another template for a format, e.g. docx=my-office.docx."
)
@options
@cover_letter_option
def minutes(notes, outdir, formats, record_path, check, templates, settings, cover_letter):
    """Turn meeting notes (markdown) into the 결과보고; invalid notes write nothing."""
    if record_path is not None and record_path.suffix.lower() not in (".json", ".yaml", ".yml"):
        raise click.BadParameter("the record file must end in .json, .yaml or .yml", param_hint="--record")
    if not check and outdir is None:
        raise click.UsageError("give -o OUTDIR (or --check to only check the notes)")
    formats = formats_from(formats)
    chosen = templates_from(templates, formats)
    # Loaded when the command runs, not when the CLI starts (see cli/__init__).
    from ..compose import compose
    from ..compose.letter import SUFFIX
    from ..errors import InvalidRecord
    from ..output import write_files
    from ..pipeline import letter_document
    from ..sources import FolderResolver, Origin

    try:
        config = settings.config_for(notes, cover_letter=cover_letter)
        record = check_notes(notes, config)
        origin = Origin(*FolderResolver.for_file(notes, config.allow_outside))
        letter = letter_document(record, origin, config)  # the covering 기안문, when asked for
    except InvalidRecord as exc:
        report(exc)
        sys.exit(EXIT_INVALID)
    if check:
        sys.exit(0)
    renderer = renderer_for(formats, config, chosen)
    try:
        document = compose(record, origin, config)
        # Every output is made in memory first, then all land together: a failure leaves no file.
        outputs = {outdir / f"{notes.stem}.{fmt}": data for fmt, data in renderer.render(document).items()}
        if letter is not None:
            outputs.update({outdir / f"{notes.stem}{SUFFIX}.{fmt}": data for fmt, data in renderer.render(letter).items()})
        if record_path is not None:
            outputs[record_path] = record_bytes(record, record_path, notes.parent)
        write_files(outputs)
    except OSError as exc:
        echo(f"{notes}: cannot write the outputs: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    except Exception as exc:  # valid notes the writers cannot lay out: a bug, reported plainly
        echo(f"{notes}: cannot render: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    for warning in document.warnings:
        echo(f"{notes}: warning: {warning}", err=True)
    for target in outputs:
        echo(target)
    sys.exit(EXIT_INVALID if renderer.unavailable else 0)
