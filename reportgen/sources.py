"""Where a record's files come from: the record itself, the files it `$include`s, the photos it shows.

Every file the pipeline reads goes through a Resolver, so confinement lives here and nowhere else:
- `FolderResolver(root)` — a records folder on disk (the CLI, batch). Names are paths relative to the
  root; symlinks are resolved before the check, so a link cannot lead out of the folder. A person who
  wants a file elsewhere names it with `allow_outside`.
- `BundleResolver(files)` — bytes held in memory under their names (the service's workspace, the bundle
  shipped to a Dask worker). Nothing on the machine is ever read.
- `Recorder(resolver)` — keeps what another resolver read: the bundle that lets a worker redo the work.

A name is a POSIX path relative to the root ("plans/a.json", "_shared/budget.json"); an `$include` or a
photo reference is relative to the name of the file that holds it. A refusal never tells whether the
target exists or what it holds: records come from shared folders and the service, not only from the
person at the keyboard.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .config import find_settings

MAX_FILE_BYTES = 50 * 1024 * 1024  # a record, an include or a photo; keeps /dev/zero and stray files out
RECORD_SUFFIXES = (".json", ".yaml", ".yml")  # the files that are records (or data a record includes)
MISSING = "missing"  # the hash recorded for a file that could not be read (a missing photo)


def file_sha(path: str | Path) -> str:
    """SHA-256 of a regular file of sane size, else MISSING (absent, a device, a folder) — how
    batch tells that a file a record was made from changed."""
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
            with open(path, "rb") as fh:
                return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        pass
    return MISSING


class Refused(Exception):
    """A reference the resolver will not follow (outside the folder, not a file, too large, absent).
    The message is fit to print: it names the reference, never the target's content. `missing` says
    the name was fine but no such file is there (a photo not taken yet)."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


class Resolver(Protocol):
    def name_of(self, ref: str, base: str) -> str:
        """The name `ref` stands for when written in the file named `base`; Refused if out of bounds."""

    def read(self, name: str) -> bytes:
        """The bytes of the file `name`; Refused when there is no such readable file."""

    def display(self, name: str) -> str:
        """How messages name the file (the path a person typed, a workspace item, …)."""


def join(base: str, ref: str) -> str | None:
    """`ref` relative to the folder of `base`, normalised; None when it climbs above the root or is absolute."""
    if not ref or ref.startswith("/") or "\\" in ref or "\0" in ref:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), ref))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


class FolderResolver:
    """Files under `root` on disk, and under any folder of `allow_outside` (absolute names there)."""

    def __init__(self, root: str | Path, allow_outside: tuple[str | Path, ...] = ()):
        self.given = Path(root)
        self.root = Path(os.path.realpath(root))
        self.allowed = tuple(Path(os.path.realpath(p)) for p in allow_outside)
        self.shown: dict[str, str] = {}  # names a person typed, shown in messages as typed
        self._displayed: dict[str, tuple[str, str]] = {}  # name → (working folder, how it was shown there)

    def name_of(self, ref: str, base: str) -> str:
        if "\0" in ref or not ref:
            raise Refused(f"{ref!r} is not a file name")
        target = Path(ref) if os.path.isabs(ref) else self._path(base).parent / ref
        real = Path(os.path.realpath(target))  # symlinks first: a link inside may point outside
        if real == self.root or self.root in real.parents:
            return real.relative_to(self.root).as_posix()
        if any(real == a or a in real.parents for a in self.allowed):
            return real.as_posix()
        raise Refused(f"{ref} is outside the records folder {self.given}; give --allow-outside PATH to use files elsewhere")

    def read(self, name: str) -> bytes:
        path = self._path(name)
        try:
            if not path.is_file():  # a FIFO or device would block or never end
                raise Refused(f"{name}: not found (or not a regular file)", missing=True)
            if path.stat().st_size > MAX_FILE_BYTES:
                raise Refused(f"{name}: larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
            return path.read_bytes()
        except OSError as exc:
            raise Refused(f"{name}: cannot read ({exc.strerror or exc})") from None

    def display(self, name: str) -> str:
        if name in self.shown:
            return self.shown[name]
        cwd = os.getcwd()
        known = self._displayed.get(name)
        if known is not None and known[0] == cwd:  # asked again while the record is read and checked
            return known[1]
        path = str(self._path(name))
        shown = os.path.relpath(path, cwd) if path.startswith(cwd + os.sep) else path
        self._displayed[name] = (cwd, shown)
        return shown

    def path(self, name: str) -> Path:
        """The file on disk behind a name (for tools that need a path, e.g. batch's change checks)."""
        return self._path(name)

    def _path(self, name: str) -> Path:
        return Path(name) if os.path.isabs(name) else self.root / name

    @classmethod
    def for_file(cls, path: str | Path, allow_outside: tuple[str | Path, ...] = ()) -> tuple[FolderResolver, str]:
        """The resolver and name for one record file given on a command line: its root is `records_root`."""
        root = records_root(Path(path))
        resolver = cls(root, allow_outside)
        real = Path(os.path.realpath(path))
        try:
            name = real.relative_to(resolver.root).as_posix()
        except ValueError:  # cannot happen for records_root's choices, but never guess a name
            resolver, name = cls(real.parent, allow_outside), real.name
        resolver.shown[name] = str(path)
        return resolver, name


def records_root(path: Path) -> Path:
    """The folder a record's includes and photos must stay in: the nearest folder at or above the
    record's that holds an organisation settings file; else the working folder when the record is
    inside it (a project's records with their shared data); else the record's own folder."""
    folder = Path(os.path.realpath(path)).parent
    settings = find_settings(folder)  # an organisation's settings file marks the top of its records tree
    if settings is not None:
        return Path(os.path.realpath(settings)).parent
    cwd = Path(os.path.realpath(os.getcwd()))
    if cwd in folder.parents or cwd == folder:
        return cwd
    return folder


class BundleResolver:
    """Files held in memory: nothing outside `files` can be named, nothing on disk is read."""

    def __init__(self, files: Mapping[str, bytes], label: str = ""):
        self.files = dict(files)
        self.label = label  # prefix for messages, e.g. "workspace:"

    def name_of(self, ref: str, base: str) -> str:
        name = join(base, ref)
        if name is None:
            raise Refused(f"{ref} is outside the workspace; name a file of the workspace by its relative path")
        return name

    def read(self, name: str) -> bytes:
        try:
            return self.files[name]
        except KeyError:
            raise Refused(f"{name}: not found", missing=True) from None

    def display(self, name: str) -> str:
        return f"{self.label}{name}"


class Recorder:
    """Reads through another resolver and keeps every file read, in order: `bundle()` is then all a
    worker needs to load, validate and compose the same record without the folder."""

    def __init__(self, inner: Resolver):
        self.inner = inner
        self.files: dict[str, bytes] = {}

    def name_of(self, ref: str, base: str) -> str:
        return self.inner.name_of(ref, base)

    def read(self, name: str) -> bytes:
        data = self.inner.read(name)
        self.files[name] = data
        return data

    def display(self, name: str) -> str:
        return self.inner.display(name)

    def bundle(self) -> BundleResolver:
        return BundleResolver(self.files)


@dataclass(frozen=True)
class Origin:
    """A record's place: the resolver it came through and its own name there (photos resolve from it)."""

    resolver: Resolver
    name: str

    def display(self) -> str:
        return self.resolver.display(self.name)


def origin_of(where: Origin | str | Path) -> Origin:
    """An Origin from an Origin, or from a folder (a record composed without a file of its own: photos
    are named relative to that folder)."""
    if isinstance(where, Origin):
        return where
    return Origin(FolderResolver(where), "record")
