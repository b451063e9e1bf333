"""Hangul 97-2022 binary (.hwp, HWP 5.0) writer: HwpxWriter's package converted by python-hwpx.

python-hwpx (>= 6.9) writes HWP 5.0 from the parts of an HWPX package (`hwpx.hwp5.writer.write_hwp5`),
so this writer adds no layout of its own: what the .hwpx holds, the .hwp holds.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from ..model import Document
from .hwpx import DEFAULT_TEMPLATE as HWPX_TEMPLATE
from .hwpx import HwpxWriter


class HwpWriter:
    ext = "hwp"
    default_template = HWPX_TEMPLATE  # the .hwp is converted from the .hwpx

    def __init__(self, template: str | Path | None = None):
        from hwpx.hwp5.writer import write_hwp5  # optional dependency: fail here, not at import of writers

        self._convert = write_hwp5
        self._hwpx = HwpxWriter(template)
        self.template_path = self._hwpx.template_path

    def write(self, doc: Document) -> bytes:
        with zipfile.ZipFile(BytesIO(self._hwpx.write(doc))) as zf:
            parts = {name: zf.read(name) for name in zf.namelist()}
        return self._convert(parts)
