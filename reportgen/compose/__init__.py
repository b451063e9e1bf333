"""Composers: one per record kind, each turning a validated record into a neutral `Document`."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..model import Document
from ..sources import Origin, origin_of
from . import draft, page, plan, result

COMPOSERS = {"plan": plan.compose, "result": result.compose, "page": page.compose, "draft": draft.compose}


def compose(record: dict, origin: Origin | str | Path = ".", config: Config = Config()) -> Document:
    """A validated record → its document. Photos are read through `origin` (the record's resolver
    and name), or from a folder given instead."""
    return COMPOSERS[record["kind"]](record, origin_of(origin), config)
