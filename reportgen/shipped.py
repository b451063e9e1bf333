"""The files reportgen reads beside its code — schemas/, templates/, examples/ — found in one place.

In a checkout (the editable install of scripts/setup.sh) they are the repository's own folders. A
wheel has no repository around it: it carries copies inside the package, under reportgen/_shipped/
(pyproject.toml, force-include), and those are used when present."""

from __future__ import annotations

import os

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def folder(name: str) -> str:
    """The folder `name` (schemas, templates, examples) as a path (str: --help loads no pathlib)."""
    inside = os.path.join(_PACKAGE, "_shipped", name)
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(_PACKAGE), name)
