"""The `reportgen` command: a thin shell over reportgen.pipeline.

Each command imports the library it uses inside its function: `reportgen --help` and the commands
that need little (schema, new) then start without loading the validator, the composers or the
writers (jsonschema, YAML, lxml, docxtpl: some 100 ms of imports). At the top of the cli modules
stand only click and what the options show (no json, dataclasses, settings or error types: tests/cli/
test_main.py checks what `import reportgen.cli` loads). See bench/bench_startup.py."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..kinds import KINDS
from ..writers import WRITERS
from .minutes import minutes
from .options import (
    EXIT_INVALID,
    EXIT_LOCKED,
    Group,
    PathArg,
    config_templates,
    cover_letter_option,
    echo,
    final_option,
    formats_from,
    options,
    renderer_for,
    report,
    templates_from,
)
from .serve import serve
from .tools import import_, preview

if TYPE_CHECKING:
    from pathlib import Path


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main():
    """Korean official documents (계획, 결과보고) from validated records."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=PathArg(dir_okay=False))
@options
@final_option
def validate(files, settings, final):
    """Check record files; print every problem as FILE:$.path: message."""
    from ..errors import InvalidRecord
    from ..pipeline import check_file  # loaded by the command that uses it (see the module docstring)

    failed = False
    for path in files:
        try:
            check_file(path, settings.config_for(path, final))
        except InvalidRecord as exc:
            report(exc)
            failed = True
    sys.exit(EXIT_INVALID if failed else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=PathArg(dir_okay=False))
@click.option("-o", "--outdir", required=True, type=PathArg(file_okay=False), help="Folder for OUTDIR/<record stem>.<ext>.")
@click.option("-f", "--format", "formats", default="docx", show_default=True, help=f"Comma list of formats: {', '.join(WRITERS)}.")
@click.option(
    "--template", "templates", multiple=True, metavar="FORMAT=PATH", help="Use another template for a format, e.g. docx=my-office.docx."
)
@options
@final_option
@cover_letter_option
def render(files, outdir, formats, templates, settings, final, cover_letter):
    """Validate and render records; an invalid record writes nothing."""
    from ..errors import InvalidRecord

    formats = formats_from(formats)
    chosen = templates_from(templates, formats)
    stems: dict[str, Path] = {}
    for path in files:
        if path.stem in stems and stems[path.stem] != path:
            raise click.UsageError(
                f"{stems[path.stem]} and {path} would both write {outdir / path.stem}.*; render them to different folders"
            )
        stems[path.stem] = path
    renderers: dict = {}  # one per organisation settings in play (templates parsed once)
    failed = False
    for path in files:
        try:
            config = settings.config_for(path, final, cover_letter)
            if config not in renderers:
                renderers[config] = renderer_for(formats, config, chosen)
                failed |= bool(renderers[config].unavailable)
            written, warnings = renderers[config].render_file(path, outdir)
        except click.ClickException:
            raise
        except InvalidRecord as exc:
            report(exc)
            failed = True
            continue
        except Exception as exc:  # a valid record the writers cannot lay out: a bug, reported plainly
            echo(f"{path}: cannot render: {type(exc).__name__}: {exc}", err=True)
            failed = True
            continue
        for warning in warnings:
            echo(f"{path}: warning: {warning}", err=True)
        for target in written:
            echo(str(target))
    sys.exit(EXIT_INVALID if failed else 0)


@main.command()
@click.argument("folder", type=PathArg(file_okay=False, exists=True))
@click.option(
    "-o",
    "--outdir",
    required=True,
    type=PathArg(file_okay=False),
    help="Outputs go to OUTDIR/<path relative to FOLDER>.<ext>.",
)
@click.option("-f", "--format", "formats", default="docx", show_default=True, help=f"Comma list of formats: {', '.join(WRITERS)}.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes rendering at once, this one included [default: all cores]."
)
@click.option(
    "--cluster",
    envvar="REPORTGEN_CLUSTER",
    metavar="ADDRESS",
    help="Render on a Dask cluster: tcp://HOST:8786, or local:N for N local workers [env REPORTGEN_CLUSTER].",
)
@click.option("--force", is_flag=True, help="Rebuild everything, changed or not.")
@click.option("--dry-run", is_flag=True, help="Show what would be rebuilt and which figures change; write nothing.")
@click.option("--prune", is_flag=True, help="Delete the outputs of records that no longer exist.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--template", "templates", multiple=True, metavar="FORMAT=PATH", help="Use another template for a format, e.g. docx=my-office.docx."
)
@options
@final_option
@cover_letter_option
def batch(folder, outdir, formats, jobs, cluster, force, dry_run, prune, as_json, templates, settings, final, cover_letter):
    """Render every record under FOLDER, rebuilding only what changed.

    Files and folders whose names start with _ are not records: keep shared files there and
    include them from records with {"$include": "_shared/budget.json"}.
    """
    import json

    from ..batch import Batch, BatchError, BatchLocked, find_records
    from ..errors import InvalidRecord

    formats = formats_from(formats)
    try:  # one settings file for the whole folder: the one found from FOLDER up, or --config
        config = settings.config_for(folder, final, cover_letter)
    except InvalidRecord as exc:  # a broken settings file: named with its path, nothing built
        raise click.ClickException(str(exc)) from None
    chosen = {**config_templates(config, formats), **templates_from(templates, formats)}
    job = Batch(
        folder,
        outdir,
        formats,
        jobs=jobs,
        force=force,
        dry_run=dry_run,
        prune=prune,
        templates=chosen,
        config=config,
        cluster=cluster or None,
    )
    bar = None
    if not as_json and sys.stderr.isatty():
        bar = click.progressbar(length=len(find_records(folder)), label="building", file=sys.stderr)

    def progress(outcome):
        if bar is not None:
            bar.update(1)
        elif not as_json and outcome.status != "unchanged":
            echo(f"{outcome.status} {outcome.record}")
        if not as_json:
            for problem in outcome.problems:
                echo(problem, err=True)
            for warning in outcome.warnings:
                echo(f"{outcome.record}: warning: {warning}", err=True)

    try:
        if bar is not None:
            with bar:
                report = job.run(progress)
        else:
            report = job.run(progress)
    except BatchLocked as exc:
        echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except BatchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            echo(f"error: {error}", err=True)
        _print_batchreport(report)
    sys.exit(EXIT_INVALID if report.count("failed") or report.errors else 0)


def _print_batchreport(report) -> None:
    from ..batch import describe_changes

    changed = [o for o in report.outcomes if o.changes]
    if changed:
        echo("changed figures:")
        for o in changed:
            echo(f"  {o.record}: {describe_changes(o.changes)}")
    for rel in report.removed:
        echo(
            f"record removed: {rel}"
            + ("" if report.pruned else " (outputs kept; --prune deletes them)" if not report.dry_run else " (dry run: nothing deleted)")
        )
    for path in report.pruned:
        echo(f"pruned {path}")
    echo(report.summary())


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
def schema(kind):
    """Print the JSON Schema of a record kind, self-contained (shared definitions inlined): every field in one file."""
    import json

    from ..schemas import inlined_schema

    click.echo(json.dumps(inlined_schema(kind), ensure_ascii=False, indent=2))


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
def new(kind):
    """Print a starter record (YAML) that validates; save it and fill it in."""
    from importlib import resources  # ~5 ms: only this command reads package data

    click.echo(resources.files("reportgen.starters").joinpath(f"{kind}.yaml").read_text(encoding="utf-8"), nl=False)


main.add_command(minutes)
main.add_command(preview)
main.add_command(import_)
main.add_command(serve)
