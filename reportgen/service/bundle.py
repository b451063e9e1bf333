"""A record and the workspace files it may include or show, held in memory (sources.BundleResolver):
a request never reaches the server's own files. Before anything is rendered, every `$include` and
photo path is checked here so a path that leaves the workspace is a 422 at the field that wrote it
(the resolver would refuse it too — an include as an error, a photo as a placeholder box — but a
service should say so plainly and store nothing)."""

from __future__ import annotations

import json
import re

from ..config import Config
from ..errors import Problem, json_path
from ..pipeline import Prepared, prepare
from ..records import INCLUDE
from ..sources import BundleResolver, Origin, join

# A workspace path: folders and a file name of letters (Korean too), digits, - _ . and spaces;
# no leading / or ., no .. — a name the resolver and any folder it may be laid out in agree on.
_SEGMENT = re.compile(r"[\w\-\u3131-\uD7A3][\w\-. \u3131-\uD7A3]{0,99}")
MAX_DEPTH = 8


def safe_path(name: str) -> str | None:
    """The workspace path, or None when `name` is not one (absolute, .., odd characters)."""
    if not isinstance(name, str) or "\\" in name or name.startswith("/"):
        return None
    parts = name.split("/")
    if len(parts) > MAX_DEPTH or not all(_SEGMENT.fullmatch(p) and p not in (".", "..") for p in parts):
        return None
    return name


def references(data, origin: str):
    """(JSON path parts, "$include" | "image", target) of every file a parsed record names."""

    def walk(value, path):
        if isinstance(value, dict):
            if INCLUDE in value:
                yield list(path), INCLUDE, value[INCLUDE]
            if isinstance(value.get("image"), str):
                yield [*path, "image"], "image", value["image"]
            for k, v in value.items():
                yield from walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, (*path, i))

    return walk(data, ())


def target(origin: str, ref) -> str | None:
    """The workspace name `ref` stands for in the file `origin` (the resolver's own rule), else None."""
    return join(origin, ref) if isinstance(ref, str) else None


def outside(data, origin: str) -> list[Problem]:
    """A problem for every `$include` or photo path of a parsed record that leaves the workspace."""
    return [
        Problem(origin, json_path(where), f"{ref}: a record sent to the service can only name files of its workspace, never the server's")
        for where, _, ref in references(data, origin)
        if target(origin, ref) is None
    ]


def prepare_bundle(files: dict[str, bytes], name: str, config: Config) -> Prepared:
    """pipeline.prepare of the record `name` among `files` — the same load, validate and compose as
    the command line, reading nothing but those bytes."""
    return prepare(Origin(BundleResolver(files), name), config)


def record_text(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
