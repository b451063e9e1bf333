"""Batch builds: every record under a folder → OUTDIR, rebuilding only what changed.

OUTDIR keeps a manifest (reportgen/manifest.py): for each record, the SHA-256 of every file it was read from (the record
and its includes), the figures it computed, and for each output the key it was built with (those
hashes + the template + the reportgen version) and its size. A record is rebuilt when any of that
differs; outputs are written atomically and the manifest is committed only after them (and after one
flush of the file system per window, not an fsync per file), so a batch killed at any moment — or a
power cut — leaves old-or-new files and a manifest that never claims more than is on disk.

Where the rendering runs is the only thing that differs: local.py (this machine's cores, workers
read the folder and write the outputs) or cluster.py (Dask workers that get what a record reads and
return its bytes; this process writes them). Both call the same work.py → pipeline.

When nothing changed, a run only reads and hashes: the pipeline, the writers and their templates
are loaded only once a record is to be rebuilt, so a no-op run of 1,000 records stays well under
a fifth of a second.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from .. import shipped
from ..config import Config
from ..manifest import Manifest
from ..sources import RECORD_SUFFIXES, file_sha
from ..writers import template_for
from .claims import Claims

LOCK = ".reportgen.lock"


def reportgen_version() -> str:
    """The release plus a hash of the code and schemas that make the documents (`code_version`)."""
    from importlib.metadata import PackageNotFoundError, version  # ~20 ms to load: not for a no-op run

    try:
        release = version("reportgen")
    except PackageNotFoundError:
        release = "unknown"
    return f"{release}+{code_version()}"


@cache
def code_version() -> str:
    """A hash of the code and schemas that make the documents, so a changed writer rebuilds its
    outputs even before the version number moves. Once per process: it is the code this process
    has loaded that makes the outputs."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    names = [name for name in _files_under(top, "reportgen") if name.endswith(".py")]
    schemas = shipped.folder("schemas")
    names += [f"schemas/{n}" for n in sorted(os.listdir(schemas)) if n.endswith(".json")]
    h = hashlib.sha256()
    for name in sorted(names):
        where = os.path.join(schemas, name[8:]) if name.startswith("schemas/") else os.path.join(top, name)
        with open(where, "rb") as fh:
            h.update(name.encode() + b"\0" + fh.read())
    return h.hexdigest()[:12]


def output_path(rel: str, fmt: str) -> str:
    """OUTDIR-relative path of a record's output: its path in the records folder, another suffix
    (docx-기안문: its covering letter's, <stem>-기안문.docx)."""
    fmt, dash, letter = fmt.partition("-")
    return os.path.splitext(rel)[0] + dash + letter + f".{fmt}"


class BatchError(RuntimeError):
    """A batch that cannot start (its template, its output folder); nothing was written."""


class BatchLocked(BatchError):
    pass


@dataclass
class Change:
    figure: str
    label: str
    old: int | None
    new: int | None


def figure_changes(old: dict, new: dict) -> list[Change]:
    """The computed figures (id → (label, value)) that differ between two builds of a record, in the
    document's order; a first build (no old figures) has nothing to compare with. Batch and the
    service's workspace report changes with this one function."""
    if not old:
        return []
    changes = []
    for k in list(new) + [k for k in old if k not in new]:
        before, after = old.get(k, (None, None)), new.get(k, (None, None))
        if before[1] != after[1]:
            changes.append(Change(k, after[0] or before[0], before[1], after[1]))
    return changes


def describe_changes(changes: list[Change]) -> str:
    """ "계 130,000 → 131,200; 총사업비 336,000 → 338,400" (— for a figure that appeared or went)."""
    from ..koreanfmt import format_number

    shown = lambda v: "—" if v is None else format_number(v)  # noqa: E731
    return "; ".join(f"{c.label} {shown(c.old)} → {shown(c.new)}" for c in changes)


@dataclass
class Outcome:
    record: str  # path relative to the records folder, with / separators
    status: str  # rebuilt | unchanged | failed | would-rebuild
    outputs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


@dataclass
class Report:
    dry_run: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # formats that could not be written at all
    removed: list[str] = field(default_factory=list)  # records gone since the last build
    pruned: list[str] = field(default_factory=list)  # their outputs, deleted with prune=True

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def summary(self) -> str:
        if self.count("would-rebuild"):
            return (
                f"{self.count('would-rebuild')} would be rebuilt, {self.count('unchanged')} unchanged, "
                f"{self.count('failed')} failed (dry run: nothing written)"
            )
        return f"{self.count('rebuilt')} rebuilt, {self.count('unchanged')} unchanged, {self.count('failed')} failed"

    def as_json(self) -> dict:
        return {
            "outcomes": [asdict(o) for o in self.outcomes],
            "errors": self.errors,
            "removed": self.removed,
            "pruned": self.pruned,
            "summary": {
                "rebuilt": self.count("rebuilt"),
                "would_rebuild": self.count("would-rebuild"),
                "unchanged": self.count("unchanged"),
                "failed": self.count("failed"),
                "dry_run": self.dry_run,
            },
        }


def find_records(root: Path) -> list[Path]:
    """Record files under `root`. Names starting with _ or . (files or folders) are not records:
    that is where shared files for includes live."""
    return [Path(root, name) for name in record_names(root)]


def record_names(root: str | Path) -> list[str]:
    """`find_records` as names relative to `root` with / separators, in the same order."""
    return [name for name in _files_under(root, "", hidden=False) if name.endswith(RECORD_SUFFIXES)]


def _files_under(top: str | Path, folder: str, *, hidden: bool = True) -> list[str]:
    """Regular files (symlinks to files included) under `top`/`folder` as /-separated names relative
    to `top`: a folder's files sorted, then each of its folders in turn (os.walk's order, symlinked
    folders not entered). hidden=False leaves out names starting with _ or . (files and folders)."""
    found: list[str] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        files, folders = [], []
        try:
            entries = list(os.scandir(os.path.join(top, here)))
        except OSError:  # unreadable, or gone meanwhile: as os.walk, skipped
            continue
        for entry in entries:
            if not hidden and entry.name.startswith(("_", ".")):
                continue
            name = f"{here}/{entry.name}" if here else entry.name
            try:
                if entry.is_dir():
                    if not entry.is_symlink():
                        folders.append(name)
                elif entry.is_file():
                    files.append(name)
            except OSError:
                continue
        found += sorted(files)
        stack += sorted(folders, reverse=True)
    return found


def _keyed(base, deps: dict[str, str]) -> str:
    """The key of outputs made from `deps`: SHA-256 of the version, the template's hash and every
    file's name and hash; `base` has been fed the first two (once per format, see Batch.__init__)."""
    h = base.copy()
    h.update("".join(f"\0{name}\0{deps[name]}" for name in sorted(deps)).encode())
    return h.hexdigest()


class Batch:
    """One batch run: records under `root` → `outdir`, in `formats`."""

    def __init__(
        self,
        root: str | Path,
        outdir: str | Path,
        formats: Iterable[str] = ("docx",),
        *,
        jobs: int | None = None,
        force: bool = False,
        dry_run: bool = False,
        prune: bool = False,
        templates: dict | None = None,
        config: Config = Config(),
        cluster: str | None = None,
        chunk: int | None = None,
    ):
        self.root, self.outdir = Path(root), Path(outdir)
        self.formats = tuple(formats)
        self.jobs = jobs or os.cpu_count() or 1
        self.force, self.dry_run, self.prune = force, dry_run, prune
        self.templates, self.config = dict(templates or {}), config
        self.cluster, self.chunk = cluster, chunk  # a Dask scheduler address or local:N; records per task
        self._cluster = None
        self._unavailable: dict[str, str] | None = None  # known once the writers are loaded (_load_writers)
        self.renderer = None  # the writers _load_writers made: a build in this process uses them
        self._workers = None  # this machine's worker processes, while a run needs them (_start_workers)
        # The organisation's settings (reporter mark, defaults, allowed wordings) change outputs too.
        self.version = f"{code_version()} {config!r}"
        # A changed template rebuilds exactly the outputs made with it.
        self.template_sha = {}
        for fmt in self.formats:
            path = template_for(fmt, self.templates.get(fmt))
            self.template_sha[fmt] = file_sha(path) if path else ""
        self._base = {fmt: hashlib.sha256(self.version.encode() + b"\0" + sha.encode()) for fmt, sha in self.template_sha.items()}
        # A refusal's messages name the record as seen from here (the records folder, the working folder).
        self._refusal_base = hashlib.sha256(f"{self.version}\0{os.path.realpath(self.root)}\0{os.getcwd()}".encode())

    # -- planning ------------------------------------------------------------------------------
    def up_to_date(self, rel: str, entry: dict | None) -> bool:
        if self.force or not entry or not entry.get("outputs"):
            return False
        deps = entry["deps"]
        root = str(self.root)
        for name, sha in deps.items():
            if file_sha(os.path.join(root, name)) != sha:  # a photo that appears or goes rebuilds too
                return False
        outputs = entry.get("outputs", {})
        for fmt in self.formats:
            out = outputs.get(fmt)
            if not out or out["key"] != _keyed(self._base[fmt], deps):
                return False
            try:
                if os.stat(os.path.join(self.outdir, out["path"])).st_size != out["size"]:
                    return False
            except OSError:
                return False
        return True

    def still_refused(self, entry: dict | None) -> list[str] | None:
        """The problems of a record refused last time (invalid), when none of the files the refusal
        came from has changed since: it is refused again without being read, validated or rendered."""
        refused = (entry or {}).get("refused")
        if self.force or not refused or refused["key"] != _keyed(self._refusal_base, refused["deps"]):
            return None
        root = str(self.root)
        if any(file_sha(os.path.join(root, name)) != sha for name, sha in refused["deps"].items()):
            return None
        return refused["problems"]

    def _load_writers(self) -> None:
        """Build the writers once here, before anything is written: a missing or broken template
        stops the batch; a format whose tool is missing (LibreOffice for pdf) is only reported."""
        from ..pipeline import Renderer

        try:
            self.renderer = Renderer(self.formats, self.config, self.templates)
        except Exception as exc:  # a missing or broken template: nothing can be built with it
            raise BatchError(f"cannot load the template: {type(exc).__name__}: {exc}") from None
        self._unavailable = self.renderer.unavailable

    # -- running -------------------------------------------------------------------------------
    def run(self, progress: Callable[[Outcome], None] | None = None) -> Report:
        try:
            if self.force or not self.outdir.exists():
                # Everything is to be built: the workers start loading now, and a bad template is
                # refused before the folder is made.
                self._start_workers(len(record_names(self.root)))
                self._load_writers()
            if self.cluster:
                from .cluster import Cluster

                self._cluster = Cluster(self.cluster)
                self._cluster.connect()  # an unreachable scheduler stops the batch before anything is written
            try:
                return self._locked_run(progress)
            finally:
                if self._cluster is not None:
                    self._cluster.close()
                    self._cluster = None
        finally:
            self._stop_workers()

    def _start_workers(self, records: int) -> None:
        """This machine's worker processes for `records` records (none for one record, -j 1 or a
        cluster), started before this process loads its own writers so that both load at once."""
        if self._workers is None and not self.cluster:
            from .local import start_workers

            self._workers = start_workers(self, records)

    def _stop_workers(self) -> None:
        """Cancel the chunks no worker has started and wait for those being built (an interrupted
        batch: a worker's chunk goes on writing outputs until it ends)."""
        if self._workers is not None:
            self._workers.shutdown(cancel_futures=True)
            self._workers = None

    def _locked_run(self, progress) -> Report:
        if self.dry_run:
            manifest = Manifest(self.outdir, read_only=True)
            try:
                return self._run(Claims(manifest, self.outdir), progress)  # claims nothing
            finally:
                manifest.close()
        self.outdir.mkdir(parents=True, exist_ok=True)
        with _Lock(self.outdir / LOCK):
            _remove_stale_temporaries(self.outdir)
            manifest = Manifest(self.outdir)
            claims = Claims(manifest, self.outdir)
            try:
                return self._run(claims, progress)
            finally:  # interrupted or done: claim what is on disk, nothing more
                try:
                    self._stop_workers()  # before the lock is let go: no worker writes in OUTDIR after it
                finally:
                    try:
                        claims.finish()
                    finally:
                        claims.close()  # after the commit in flight, even through a second Ctrl-C

    def _run(self, claims: Claims, progress) -> Report:
        report = Report(dry_run=self.dry_run)
        records = record_names(self.root)
        self._old_figures: dict[str, dict] = {}
        clashing = _same_outputs(records)
        for rel, others in clashing.items():
            outcome = Outcome(
                rel, "failed", problems=[f"{self.root / rel}: writes the same outputs as {', '.join(others)}; rename one of them"]
            )
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)

        def plan(names: list[str]) -> list[str]:
            stale = []
            for rel in names:
                entry = claims.get(rel)
                if self.up_to_date(rel, entry):
                    outcome = Outcome(rel, "unchanged", [entry["outputs"][f]["path"] for f in self.formats])
                elif (problems := self.still_refused(entry)) is not None:
                    outcome = Outcome(rel, "failed", problems=list(problems))
                else:
                    stale.append(rel)
                    if entry and entry.get("figures"):
                        self._old_figures[rel] = entry["figures"]  # what a rebuild's changes compare with
                    continue
                report.outcomes.append(outcome)
                if progress:
                    progress(outcome)
            return stale

        todo = plan([rel for rel in records if rel not in clashing])
        if todo:
            self._start_workers(len(todo))
        if todo or self._unavailable:
            if self._unavailable is None:
                self._load_writers()
            # A format whose tool is missing (LibreOffice for pdf) is reported; the others are built.
            for fmt, reason in self._unavailable.items():
                report.errors.append(f"cannot write {fmt}: {reason}")
            if self._unavailable:
                self.formats = tuple(f for f in self.formats if f not in self._unavailable)
                todo = plan(todo)  # up to date in the formats that can be written
        for rel, result in self._build_all(todo, claims):
            outcome = self._settle(rel, result, claims)
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
            claims.tick()  # a window's rows, committed behind the outputs they claim
        removed = sorted(claims.records() - set(records))
        current = {output_path(rel, fmt) for rel in records for fmt in self.formats} if removed and self.prune else set()
        for rel in removed:
            report.removed.append(rel)
            if self.prune and not self.dry_run:
                for out in claims.get(rel).get("outputs", {}).values():
                    target = self.outdir / out["path"]
                    # a.json renamed to a.yaml: a.docx is the new record's output now — keep it
                    if out["path"] not in current and target.exists():
                        target.unlink()
                        report.pruned.append(out["path"])
                claims.delete(rel)
        report.outcomes.sort(key=lambda o: o.record)
        return report

    def _build_all(self, todo: list[str], claims: Claims):
        if not todo:
            return
        if self._cluster is not None:
            from .cluster import build_all

            yield from build_all(self._cluster, self, todo, claims)
        else:
            from .local import build_all

            yield from build_all(self, todo, self._workers)

    def _settle(self, rel: str, result: dict, claims: Claims) -> Outcome:
        """Record a worker's result in the manifest's rows (only for outputs it actually wrote)."""
        if result["problems"]:
            if result.get("refused") and not self.dry_run:  # kept beside what the last build claims
                entry = claims.get(rel) or {"deps": {}, "figures": {}, "outputs": {}}
                deps = result["refused"]
                entry["refused"] = {"deps": deps, "key": _keyed(self._refusal_base, deps), "problems": result["problems"]}
                claims.put(rel, entry)
            return Outcome(rel, "failed", problems=result["problems"])
        new = result["figures"]
        changes = figure_changes(self._old_figures.pop(rel, {}), new)
        outputs = {}
        for fmt, (path, size) in result["outputs"].items():
            base = self._base[fmt.partition("-")[0]]  # docx-기안문: made with the docx template
            outputs[fmt] = {"path": path, "size": size, "key": _keyed(base, result["deps"])}
        if not self.dry_run:
            entry = {"deps": result["deps"], "figures": new, "outputs": outputs}
            if result.get("refs"):  # what a cluster worker asked for: shipped up front next time
                entry["refs"] = result["refs"]
            claims.put(rel, entry)
        status = "would-rebuild" if self.dry_run else "rebuilt"
        return Outcome(rel, status, [o["path"] for o in outputs.values()], warnings=result["warnings"], changes=changes)


def _same_outputs(records) -> dict[str, list[str]]:
    """Records that would write the same output (plan.json and plan.yaml side by side) → the others."""
    by_target: dict[str, list[str]] = {}
    for rel in records:
        by_target.setdefault(os.path.splitext(rel)[0], []).append(rel)
    return {rel: [o for o in group if o != rel] for group in by_target.values() if len(group) > 1 for rel in group}


# -- safety ---------------------------------------------------------------------------------------
class _Lock:
    """An exclusive lock on OUTDIR for the whole run; a second batch is refused, not queued."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(self.fd, 32).decode(errors="replace").strip() or "?"
            os.close(self.fd)
            raise BatchLocked(
                f"{self.path.parent} is being written by another reportgen batch (pid {holder}); "
                "wait for it to finish or choose another output folder"
            ) from None
        os.ftruncate(self.fd, 0)
        os.write(self.fd, str(os.getpid()).encode())
        return self

    def __exit__(self, *exc):
        os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _remove_stale_temporaries(outdir: Path) -> None:
    """A batch killed mid-write leaves write_atomic's temporary files; they are never outputs."""
    for tmp in outdir.rglob(".*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass
