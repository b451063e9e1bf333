"""Writers: one module per output format, each turning a `model.Document` into bytes.

A writer is a class built once per process (it parses its template in `__init__`) whose
`write(document) -> bytes` keeps no state between calls, so batch workers reuse one instance.
"""

from __future__ import annotations

import importlib

# format name -> (module, class); imported lazily so a missing optional dependency of one format
# does not break the others.
WRITERS = {
    "docx": ("reportgen.writers.docx", "DocxWriter"),
    "hwpx": ("reportgen.writers.hwpx", "HwpxWriter"),
    "html": ("reportgen.writers.html", "HtmlWriter"),
    "pdf": ("reportgen.writers.pdf", "PdfWriter"),
    "hwp": ("reportgen.writers.hwp", "HwpWriter"),
}


def writer_class(fmt: str):
    try:
        module_name, class_name = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} (known: {', '.join(sorted(WRITERS))})") from None
    return getattr(importlib.import_module(module_name), class_name)


# format -> the file under templates/ its writer's `default_template` is (None: it has none), so that
# batch can hash a template without importing the writer (tests/writers/test_init.py keeps it true).
DEFAULT_TEMPLATES = {"docx": "official.docx", "hwpx": "official.hwpx", "html": None, "pdf": "official.docx", "hwp": "official.hwpx"}


def template_for(fmt: str, given: str | None = None):
    """The template file a format's output is made from (None when it has none), without building
    or importing the writer — batch builds hash it to know when outputs are stale."""
    from pathlib import Path

    from .. import shipped

    if given:
        return Path(given)
    if fmt not in WRITERS:
        writer_class(fmt)  # the one message for an unknown format
    name = DEFAULT_TEMPLATES[fmt]
    return Path(shipped.folder("templates"), name) if name else None
