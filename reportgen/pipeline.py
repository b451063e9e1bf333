"""The library API the CLI, batch workers and a future HTTP service share:
record file → validate → compose → write. Nothing here keeps state between calls except the
`Renderer`'s writers, which hold parsed templates and are safe to reuse."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose, letter
from .config import Config
from .errors import InvalidRecord, Problem, Unprintable, path_of
from .model import Document, Image
from .records import load_sources
from .sources import MISSING, FolderResolver, Origin
from .validate import validate_record
from .writers import writer_class


def locate(source: str | Path | Origin, config: Config = Config()) -> Origin:
    """Where a record is: an Origin as given, or a record file on disk inside its records folder."""
    if isinstance(source, Origin):
        return source
    return Origin(*FolderResolver.for_file(source, config.allow_outside))


def check_file(source: str | Path | Origin, config: Config = Config()) -> dict:
    """Load, validate and compose a record (what validation alone cannot see: a numbering that runs
    out across lists); raises InvalidRecord with every problem."""
    origin = locate(source, config)
    data = _load_valid(origin, config)[0]
    _composed(data, origin, config)
    return data


def compose_problems(data: dict, origin: Origin, config: Config = Config()) -> list[Problem]:
    """What only composing a valid record shows (a numbering that runs out across lists), as problems."""
    try:
        _composed(data, origin, config)
    except InvalidRecord as exc:
        return exc.problems
    return []


def _composed(data: dict, origin: Origin, config: Config, sources: dict | None = None) -> Document:
    try:
        return compose(data, origin, config)
    except Unprintable as exc:
        refused = InvalidRecord([Problem(origin.display(), path_of(data, exc.node) or "$", exc.message)])
        refused.sources = dict(sources or {})
        raise refused from None


def _load_valid(origin: Origin, config: Config) -> tuple[dict, dict[str, str]]:
    data, sources = load_sources(origin.resolver, origin.name)
    data = config.with_defaults(data)
    problems = validate_record(data, origin.display(), config)
    if problems:
        refused = InvalidRecord(problems)
        refused.sources = sources
        raise refused
    return data, sources


@dataclass(frozen=True)
class Prepared:
    """A validated record, its document, and the SHA-256 of every file the document was made from
    (the record, the files it includes, the photos it shows), by resolver name — what batch tracks."""

    record: dict
    document: Document
    sources: dict[str, str]
    letter: Document | None = None  # its covering 기안문, when config.cover_letter asks for one

    def documents(self, stem: str) -> dict[str, Document]:
        """Output stem → document: the record's own, then its covering letter's (<stem>-기안문)."""
        out = {stem: self.document}
        if self.letter is not None:
            out[stem + letter.SUFFIX] = self.letter
        return out


def prepare(source: str | Path | Origin, config: Config = Config()) -> Prepared:
    """Load, validate and compose one record (a file, or an Origin: a resolver and a name);
    raises InvalidRecord with every problem."""
    origin = locate(source, config)
    data, sources = _load_valid(origin, config)
    document = _composed(data, origin, config, sources)
    for block in document.body:
        if isinstance(block, Image) and block.source:
            sources[block.source] = hashlib.sha256(block.photo.data).hexdigest() if block.photo else MISSING
    return Prepared(data, document, sources, letter_document(data, origin, config))


def letter_document(record: dict, origin: Origin, config: Config) -> Document | None:
    """The covering 기안문 of a validated plan or result (None unless config.cover_letter asks for
    it): derived as a draft record, then validated and composed like any record."""
    if not config.cover_letter or record.get("kind") not in letter.KINDS:
        return None
    source = origin.display()
    draft = config.with_defaults(letter.covering_letter(record, source, config))
    problems = validate_record(draft, f"{source} (covering 기안문)", config)
    if problems:
        raise InvalidRecord(problems)
    return compose(draft, origin, config)


def build_document(source: str | Path | Origin, config: Config = Config()) -> Document:
    """A record → its neutral document (validated first)."""
    return prepare(source, config).document


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

    def render_file(self, source: str | Path | Origin, outdir: str | Path, stem: str | None = None) -> tuple[list[Path], list[str]]:
        """Validate, compose and write `OUTDIR/<stem>.<ext>` for every format; an invalid record
        raises InvalidRecord before any file is touched. Returns (written paths, warnings)."""
        from .output import write_files  # tempfile, shutil: not for `validate`

        origin = locate(source, self.config)
        prepared = prepare(origin, self.config)
        files = {}
        for name, document in prepared.documents(stem or Path(origin.name).stem).items():
            files.update({Path(outdir) / f"{name}.{fmt}": data for fmt, data in self.render(document).items()})
        write_files(files)  # the letter lands with its record, or neither does
        return list(files), list(prepared.document.warnings)
