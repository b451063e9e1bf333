"""Composers: one per record kind, each turning a validated record into a neutral `Document`."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..model import Document
from . import page, plan, result

COMPOSERS = {"plan": plan.compose, "result": result.compose, "page": page.compose}


def compose(record: dict, base_dir: str | Path = ".", config: Config = Config()) -> Document:
    """A validated record → its document. `base_dir` resolves relative image paths."""
    return COMPOSERS[record["kind"]](record, Path(base_dir), config)
