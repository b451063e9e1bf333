"""One record's work, wherever it runs (a local worker process, a Dask worker): the pipeline's
prepare and render, then the outputs written together. Never raises: a record that cannot be built
carries its problems, so one broken record never stops a batch."""

from __future__ import annotations

import os
from pathlib import Path

from ..compose.letter import SUFFIX
from ..errors import InvalidRecord
from ..output import write_files
from ..pipeline import Renderer, prepare
from ..sources import Origin
from . import output_path


def render_record(renderer: Renderer, origin: Origin, label: str) -> tuple[dict, dict[str, bytes]]:
    """(result, each format's bytes); the result holds the problems, or the files read and the figures."""
    result = {"problems": [], "warnings": [], "deps": {}, "figures": {}, "outputs": {}}
    try:
        prepared = prepare(origin, renderer.config)
        outputs = renderer.render(prepared.document)
        if prepared.letter is not None:  # its covering 기안문 (--with-cover-letter) lands with it
            outputs |= {fmt + SUFFIX: data for fmt, data in renderer.render(prepared.letter).items()}
    except InvalidRecord as exc:
        result["problems"] = [str(p) for p in exc.problems]
        if exc.sources:  # the files the refusal comes from: unchanged, batch refuses it again unread
            result["refused"] = dict(exc.sources)
        return result, {}
    except Exception as exc:  # a valid record the writers cannot lay out: a bug, reported plainly
        result["problems"] = [f"{label}: cannot render: {type(exc).__name__}: {exc}"]
        return result, {}
    result["deps"] = dict(prepared.sources)  # names relative to the records folder
    result["figures"] = {k: list(v) for k, v in prepared.document.figures.items()}
    result["warnings"] = list(prepared.document.warnings)
    return result, outputs


def store(result: dict, outputs: dict[str, bytes], rel: str, outdir: str | Path, label: str, dry_run: bool) -> dict:
    """Write a record's formats together (not in a dry run) and note each output's path and size.
    Not synced here: the batch flushes a window of outputs at once before its manifest claims them."""
    targets = {fmt: output_path(rel, fmt) for fmt in outputs}
    if not dry_run and outputs:
        try:
            write_files({os.path.join(outdir, targets[fmt]): data for fmt, data in outputs.items()}, sync=False)
        except OSError as exc:  # a folder where an output should be, a full disk: this record fails
            result["problems"] = [f"{label}: cannot write its outputs: {exc}"]
            return result
    result["outputs"] = {fmt: (targets[fmt], len(data)) for fmt, data in outputs.items()}
    return result
