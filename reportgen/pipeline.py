"""The library API the CLI, batch workers and a future HTTP service share:
record file → validate → compose → write. Nothing here keeps state between calls except the
`Renderer`'s writers, which hold parsed templates and are safe to reuse."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose
from .config import Config
from .errors import InvalidRecord
from .model import Document, Image
from .output import write_files
from .records import load_sources
from .validate import validate_record
from .writers import writer_class


def check_file(path: str | Path, config: Config = Config()) -> dict:
    """Load and validate a record file; raises InvalidRecord with every problem."""
    return _load_valid(path, config)[0]


def _load_valid(path: str | Path, config: Config) -> tuple[dict, dict[Path, str]]:
    data, sources = load_sources(path)
    data = config.with_defaults(data)
    problems = validate_record(data, str(path), config)
    if problems:
        raise InvalidRecord(problems)
    return data, sources


MISSING = "missing"  # the hash recorded for a file that could not be read (a missing photo)


@dataclass(frozen=True)
class Prepared:
    """A validated record, its document, and the SHA-256 of every file the document was made from
    (the record, the files it includes, the photos it shows) — what batch builds track."""

    record: dict
    document: Document
    sources: dict[Path, str]


def prepare(path: str | Path, config: Config = Config()) -> Prepared:
    """Load, validate and compose one record file; raises InvalidRecord with every problem."""
    data, sources = _load_valid(path, config)
    document = compose(data, Path(path).parent, config)
    for block in document.body:
        if isinstance(block, Image):
            sources[Path(block.path)] = file_sha(block.path)
    return Prepared(data, document, sources)


MAX_SOURCE_BYTES = 50 * 1024 * 1024


def file_sha(path: str | Path) -> str:
    """SHA-256 of a regular file of sane size, else MISSING (absent, a device, a folder)."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size <= MAX_SOURCE_BYTES:
            return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        pass
    return MISSING


def build_document(path: str | Path, config: Config = Config()) -> Document:
    """A record file → its neutral document (validated first)."""
    return prepare(path, config).document


@dataclass
class Renderer:
    """Writers for the asked formats, each built once (templates parsed once) and reused."""

    formats: tuple[str, ...] = ("docx",)
    config: Config = field(default_factory=Config)
    templates: dict = field(default_factory=dict)  # format -> template path

    def __post_init__(self):
        # A format whose converter is missing (LibreOffice for pdf) is reported in `unavailable`,
        # not fatal: the other formats are still written.
        # The organisation's templates (settings file) unless the caller names others.
        self.templates = {**{f: p for f, p in self.config.templates if f in self.formats}, **self.templates}
        self._writers, self.unavailable = {}, {}
        for fmt in self.formats:
            try:
                self._writers[fmt] = writer_class(fmt)(self.templates.get(fmt))
            except RuntimeError as exc:
                self.unavailable[fmt] = str(exc)

    def render(self, document: Document) -> dict[str, bytes]:
        """Every format's bytes, all made before anything is written."""
        return {fmt: w.write(document) for fmt, w in self._writers.items()}

    def render_file(self, path: str | Path, outdir: str | Path, stem: str | None = None) -> tuple[list[Path], list[str]]:
        """Validate, compose and write `OUTDIR/<stem>.<ext>` for every format; an invalid record
        raises InvalidRecord before any file is touched. Returns (written paths, warnings)."""
        document = prepare(path, self.config).document
        files = {Path(outdir) / f"{stem or Path(path).stem}.{fmt}": data for fmt, data in self.render(document).items()}
        write_files(files)
        return list(files), list(document.warnings)
