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
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..config import Config
from ..manifest import Manifest
from ..output import sync_folder
from ..pipeline import Renderer, file_sha
from ..records import RECORD_SUFFIXES
from ..writers import template_for
from .work import output_path

LOCK = ".reportgen.lock"


def reportgen_version() -> str:
    """The release plus a hash of the code and schemas that make the documents, so a changed
    writer rebuilds its outputs even before the version number moves."""
    try:
        release = version("reportgen")
    except PackageNotFoundError:
        release = "unknown"
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *(package.parent / "schemas").glob("*.json")]):
        h.update(path.relative_to(package.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{release}+{h.hexdigest()[:12]}"


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
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.endswith(RECORD_SUFFIXES) and not name.startswith(("_", ".")) and path.is_file():
                found.append(path)
    return found


def _key(deps: dict[str, str], template_sha: str, ver: str) -> str:
    h = hashlib.sha256(ver.encode() + b"\0" + template_sha.encode())
    for name in sorted(deps):
        h.update(f"\0{name}\0{deps[name]}".encode())
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
        # The organisation's settings (reporter mark, defaults, allowed wordings) change outputs too.
        self.version = f"{reportgen_version()} {config!r}"
        # A changed template rebuilds exactly the outputs made with it.
        self.template_sha = {}
        for fmt in self.formats:
            path = template_for(fmt, self.templates.get(fmt))
            self.template_sha[fmt] = file_sha(path) if path else ""

    # -- planning ------------------------------------------------------------------------------
    def up_to_date(self, rel: str, entry: dict | None) -> bool:
        if self.force or not entry:
            return False
        deps = {}
        for name in entry["deps"]:
            sha = file_sha(self.root / name)  # a photo that appears or goes rebuilds too
            if sha != entry["deps"][name]:
                return False
            deps[name] = sha
        for fmt in self.formats:
            out = entry.get("outputs", {}).get(fmt)
            if not out or out["key"] != _key(deps, self.template_sha[fmt], self.version):
                return False
            try:
                if (self.outdir / out["path"]).stat().st_size != out["size"]:
                    return False
            except OSError:
                return False
        return True

    # -- running -------------------------------------------------------------------------------
    def run(self, progress: Callable[[Outcome], None] | None = None) -> Report:
        try:
            self._unavailable = Renderer(self.formats, self.config, self.templates).unavailable
        except Exception as exc:  # a missing or broken template: nothing can be built with it
            raise BatchError(f"cannot load the template: {type(exc).__name__}: {exc}") from None
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

    def _locked_run(self, progress) -> Report:
        if self.dry_run:
            manifest = Manifest(self.outdir, read_only=True)
            try:
                return self._run(manifest, progress)
            finally:
                manifest.close()
        self.outdir.mkdir(parents=True, exist_ok=True)
        with _Lock(self.outdir / LOCK):
            _remove_stale_temporaries(self.outdir)
            manifest = Manifest(self.outdir)
            try:
                return self._run(manifest, progress)
            finally:  # interrupted or done: claim what is on disk, nothing more
                self._commit(manifest)
                manifest.close()

    def _run(self, manifest: Manifest, progress) -> Report:
        report = Report(dry_run=self.dry_run)
        # A format whose tool is missing (LibreOffice for pdf) is reported; the others are built.
        unavailable = self._unavailable
        for fmt, reason in unavailable.items():
            report.errors.append(f"cannot write {fmt}: {reason}")
        self.formats = tuple(f for f in self.formats if f not in unavailable)
        records = {p.relative_to(self.root).as_posix(): p for p in find_records(self.root)}
        todo = []
        clashing = _same_outputs(records)
        for rel, others in clashing.items():
            outcome = Outcome(
                rel, "failed", problems=[f"{self.root / rel}: writes the same outputs as {', '.join(others)}; rename one of them"]
            )
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
        for rel in records:
            if rel in clashing:
                continue
            entry = manifest.get(rel)
            if self.up_to_date(rel, entry):
                outcome = Outcome(rel, "unchanged", [entry["outputs"][f]["path"] for f in self.formats])
                report.outcomes.append(outcome)
                if progress:
                    progress(outcome)
            else:
                todo.append(rel)
        last_commit = time.monotonic()
        for rel, result in self._build_all(todo, manifest):
            outcome = self._settle(rel, result, manifest)
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
            if time.monotonic() - last_commit > 1.0:
                self._commit(manifest)
                last_commit = time.monotonic()
        current = {output_path(rel, fmt) for rel in records for fmt in self.formats}
        for rel in sorted(manifest.records() - set(records)):
            report.removed.append(rel)
            if self.prune and not self.dry_run:
                for out in manifest.get(rel).get("outputs", {}).values():
                    target = self.outdir / out["path"]
                    # a.json renamed to a.yaml: a.docx is the new record's output now — keep it
                    if out["path"] not in current and target.exists():
                        target.unlink()
                        report.pruned.append(out["path"])
                manifest.delete(rel)
        report.outcomes.sort(key=lambda o: o.record)
        return report

    def _commit(self, manifest: Manifest) -> None:
        """Flush this window's outputs to disk, then commit the manifest rows that claim them."""
        if not self.dry_run:
            sync_folder(self.outdir)
            manifest.commit()

    def _build_all(self, todo: list[str], manifest: Manifest):
        if self._cluster is not None:
            from .cluster import build_all

            yield from build_all(self._cluster, self, todo, manifest)
        else:
            from .local import build_all

            yield from build_all(self, todo)

    def _settle(self, rel: str, result: dict, manifest: Manifest) -> Outcome:
        """Record a worker's result in the manifest (only for outputs it actually wrote)."""
        if result["problems"]:
            return Outcome(rel, "failed", problems=result["problems"])
        old = (manifest.get(rel) or {}).get("figures", {})
        new = result["figures"]
        changes = figure_changes(old, new)
        outputs = {}
        for fmt, (path, size) in result["outputs"].items():
            template = self.template_sha[fmt.partition("-")[0]]  # docx-기안문: made with the docx template
            outputs[fmt] = {"path": path, "size": size, "key": _key(result["deps"], template, self.version)}
        if not self.dry_run:
            entry = {"deps": result["deps"], "figures": new, "outputs": outputs}
            if result.get("refs"):  # what a cluster worker asked for: shipped up front next time
                entry["refs"] = result["refs"]
            manifest.put(rel, entry)
        status = "would-rebuild" if self.dry_run else "rebuilt"
        return Outcome(rel, status, [o["path"] for o in outputs.values()], warnings=result["warnings"], changes=changes)


def _same_outputs(records) -> dict[str, list[str]]:
    """Records that would write the same output (plan.json and plan.yaml side by side) → the others."""
    by_target: dict[str, list[str]] = {}
    for rel in records:
        by_target.setdefault(str(Path(rel).with_suffix("")), []).append(rel)
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
