"""Batch rendering on a Dask distributed cluster (`reportgen batch --cluster tcp://HOST:8786`).

The client (this process) decides what is out of date, writes the outputs and the manifest, exactly as
a local batch does; the workers only render. Client and workers share no filesystem: a task carries
what its records read (a `Shipment`), the templates travel once per worker (a worker plugin), and a
task returns document bytes. Workers run the same pipeline as everyone (`render_record`), reading
through a `Replay` resolver that gives back what the client's FolderResolver answered — so names,
refusals, messages and bytes are those of a local build, and confinement stays in sources.py.

A worker cannot know in advance which files a record includes or shows: when it meets a name or a file
the shipment lacks, it returns the questions instead of a document, the client answers them with its
FolderResolver and sends the record again (a record's questions are kept in the manifest, so the next
rebuild ships the answers up front). A task lost with a worker is run again by Dask elsewhere; tasks
are pure (shipment in, bytes out), so the outputs are the same bytes whichever worker made them.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from ..config import Config
from ..pipeline import Renderer
from ..sources import FolderResolver, Origin, Refused, Resolver
from ..writers import template_for
from . import BatchError, reportgen_version
from .work import render_record, store

CONNECT_TIMEOUT = "10s"
# A scheduler address (HOST:PORT with tcp:// or tls://, IPv6 in brackets) or local:N; checked before
# Dask sees it, since a Client that fails half-made hangs 20 s in its finaliser.
ADDRESS = re.compile(r"(?:(?:tcp|tls)://)?(?:\[[0-9A-Fa-f:.]+\]|[^/:\[\]\s]+):\d{1,5}|local:\d*")
CHUNK_BYTES = 8 * 1024 * 1024  # a task's shipments go through the scheduler: photos close a chunk early
MAX_ROUNDS = 16  # questions asked by one record before it is failed (includes nest a few deep at most)


@dataclass(frozen=True)
class Refusal:
    """The client's resolver refused a name or a file: the worker raises the same Refused."""

    message: str
    missing: bool


@dataclass
class Shipment:
    """Everything a worker may read for one record, as the client's FolderResolver answered it."""

    record: str  # its name in the records folder
    label: str  # how messages name it (the path on the client)
    names: dict[tuple[str, str], str | Refusal] = field(default_factory=dict)  # (base, ref) → name
    files: dict[str, bytes | Refusal] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # name → how messages name it
    rounds: int = 0


class Replay:
    """The worker's resolver: the client's answers, and a note of every question it had none for."""

    def __init__(self, shipment: Shipment):
        self.s = shipment
        self.asked: list[tuple[str, ...]] = []  # ("name", base, ref) or ("read", name)
        self.used: list[tuple[str, str]] = []  # every (base, ref) the record names

    def name_of(self, ref: str, base: str) -> str:
        self.used.append((base, ref))
        answer = self.s.names.get((base, ref))
        if answer is None:
            self.asked.append(("name", base, ref))
            raise Refused(f"{ref}: not shipped", missing=True)
        if isinstance(answer, Refusal):
            raise Refused(answer.message, answer.missing)
        return answer

    def read(self, name: str) -> bytes:
        data = self.s.files.get(name)
        if data is None:
            self.asked.append(("read", name))
            raise Refused(f"{name}: not shipped", missing=True)
        if isinstance(data, Refusal):
            raise Refused(data.message, data.missing)
        return data

    def display(self, name: str) -> str:
        return self.s.shown.get(name, name)


class Answers:
    """The client side of the questions: its resolver, which alone decides what may be read."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver

    def shipment(self, rel: str, label: str, known: list) -> Shipment:
        s = Shipment(rel, label)
        self.answer(s, [("read", rel), *(("name", base, ref) for base, ref in known)])
        return s

    def answer(self, s: Shipment, questions) -> bool:
        """Add the answers to `questions`; False when none was new (the worker would ask again)."""
        new = False
        for q in questions:
            if q[0] == "name" and (q[1], q[2]) not in s.names:
                try:
                    name = s.names[(q[1], q[2])] = self.resolver.name_of(q[2], q[1])
                except Refused as exc:
                    s.names[(q[1], q[2])] = Refusal(str(exc), exc.missing)
                    new = True
                    continue
                q = ("read", name)  # it will be read next: ship it now
            if q[0] == "read" and q[1] not in s.files:
                try:
                    s.files[q[1]] = self.resolver.read(q[1])
                except Refused as exc:
                    s.files[q[1]] = Refusal(str(exc), exc.missing)
                s.shown.setdefault(q[1], self.resolver.display(q[1]))
            new = True
        return new


class _Renderers(WorkerPlugin):
    """A worker plugin: the Renderer for this batch's formats, settings and templates, built once per
    worker (templates parsed once) — and on workers that join later."""

    def __init__(self, formats, config: Config, templates: dict[str, tuple[str, bytes]], version: str):
        self.formats, self.config, self.templates, self.version = formats, config, templates, version

    def setup(self, worker=None):
        self.folder = tempfile.mkdtemp(prefix="reportgen-templates-")
        paths = {}
        for fmt, (filename, data) in self.templates.items():
            paths[fmt] = os.path.join(self.folder, f"{fmt}-{filename}")
            Path(paths[fmt]).write_bytes(data)
        self.renderer = Renderer(self.formats, self.config, paths)
        self.mismatch = "" if reportgen_version() == self.version else reportgen_version()

    def teardown(self, worker=None):
        shutil.rmtree(self.folder, ignore_errors=True)


def render_chunk(plugin: str, shipments: list[Shipment], dry_run: bool) -> list[dict]:
    """The task: a few records → for each, its result and bytes, or the questions it needs answered."""
    renderers = get_worker().plugins[plugin]
    out = []
    for s in shipments:
        if renderers.mismatch:
            out.append(_failed(f"{s.label}: this worker runs reportgen {renderers.mismatch}, the client {renderers.version}"))
            continue
        replay = Replay(s)
        result, outputs = render_record(renderers.renderer, Origin(replay, s.record), s.label)
        if replay.asked:
            out.append({"asked": replay.asked})
            continue
        result["refs"] = sorted(set(replay.used))
        # a dry run needs the figures, not the documents: no bytes travel back
        result["data"] = {fmt: b"" for fmt in outputs} if dry_run else outputs
        out.append(result)
    return out


def _failed(problem: str) -> dict:
    return {"problems": [problem], "warnings": [], "deps": {}, "figures": {}, "outputs": {}}


class Cluster:
    """A connection to a Dask cluster (or a LocalCluster it started) that renders records read through
    any resolver: batch passes its FolderResolver, the service its workspace's BundleResolver."""

    def __init__(self, address: str):
        self.address = address
        self.client = self.cluster = None

    def __enter__(self) -> Cluster:
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> None:
        """Reach the scheduler before anything is written; BatchError in one line if it cannot be."""
        logging.getLogger("distributed").setLevel(logging.ERROR)  # the batch reports what matters
        if not ADDRESS.fullmatch(self.address) or self.address == "local:0":
            raise BatchError(f"--cluster {self.address}: write tcp://HOST:PORT (a Dask scheduler) or local:N (N workers here)")
        try:
            if self.address.startswith("local:"):
                n = int(self.address.removeprefix("local:") or os.cpu_count() or 1)
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=":0")
                self.client = Client(self.cluster, set_as_default=False)
            else:
                self.client = Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise BatchError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        if not self.client.scheduler_info().get("workers"):
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError):
                self.close()
                raise BatchError(f"the Dask scheduler at {self.address} has no workers") from None

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def close(self) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # closing a half-made connection: nothing more to do
                    pass
        self.client = self.cluster = None

    def render(
        self,
        resolver,
        names,
        formats: tuple[str, ...],
        config: Config,
        templates: dict[str, str] | None = None,
        *,
        label=None,
        known=None,
        dry_run: bool = False,
        chunk: int | None = None,
    ):
        """Render the records `names` (read through `resolver`, which alone answers the workers'
        questions) on the cluster; yield (name, result, each format's bytes) as they finish.
        `label(name)` names a record in messages; `known(name)` gives the questions it asked last time."""
        label = label or resolver.display
        names = list(names)
        plugin = f"reportgen-{uuid.uuid4().hex}"
        shipped = {}
        for fmt, path in (templates or {}).items():  # an organisation's own template travels; the defaults ship with reportgen
            if path and fmt in formats:
                path = Path(template_for(fmt, path))
                shipped[fmt] = (path.name, path.read_bytes())
        worker_config = replace(config, templates=(), allow_outside=())  # the client's resolver answers for files
        self.client.register_plugin(_Renderers(tuple(formats), worker_config, shipped, reportgen_version()), name=plugin)
        answers = Answers(resolver)
        workers = self.workers()
        chunk = chunk or max(1, min(16, len(names) // (workers * 4)))
        window = workers * 4  # tasks in flight: enough to keep every worker busy, memory flat
        queue = deque(names)
        retry: deque[Shipment] = deque()
        running: dict = {}
        done = as_completed(loop=self.client.loop, with_results=True, raise_errors=False)

        def fill():
            while len(running) < window and (retry or queue):
                items, size = [], 0
                while len(items) < chunk and size < CHUNK_BYTES and (retry or queue):
                    if retry:
                        items.append(retry.popleft())
                    else:
                        name = queue.popleft()
                        items.append(answers.shipment(name, label(name), known(name) if known else []))
                    size += sum(len(data) for data in items[-1].files.values() if isinstance(data, bytes))
                future = self.client.submit(render_chunk, plugin, items, dry_run, pure=False)
                running[future.key] = items
                done.add(future)

        try:
            fill()
            for future, results in done:
                items = running.pop(future.key)
                # An error (lost more often than Dask allows): fail its records, not the batch. Judged by
                # what came back, not by future.status: a result fetched from a worker that died since
                # is a result, though its future has turned "lost" (Dask recomputes it, unasked).
                if not isinstance(results, list):
                    results = [_failed(f"{s.label}: the cluster could not render it: {results!r}") for s in items]
                for s, result in zip(items, results):
                    if "asked" in result:
                        s.rounds += 1
                        if s.rounds < MAX_ROUNDS and answers.answer(s, result["asked"]):
                            retry.append(s)
                        else:
                            yield s.record, _failed(f"{s.label}: cannot render: it keeps naming files ({result['asked'][:3]})"), {}
                        continue
                    yield s.record, result, result.pop("data", {})
                del future
                fill()
        finally:
            try:
                self.client.unregister_worker_plugin(plugin)
            except Exception:  # the cluster went away: nothing of ours is left on it
                pass


def build_all(cluster: Cluster, batch, todo: list[str], claims):
    """Batch on the cluster: yield (rel, result) as records finish, their outputs written here."""
    resolver = FolderResolver(batch.root, batch.config.allow_outside)  # the same confinement as a local batch
    for rel, result, outputs in cluster.render(
        resolver,
        todo,
        batch.formats,
        batch.config,
        batch.templates,
        label=lambda rel: str(batch.root / rel),
        known=lambda rel: (claims.get(rel) or {}).get("refs", []),
        dry_run=batch.dry_run,
        chunk=batch.chunk,
    ):
        yield rel, store(result, outputs, rel, batch.outdir, str(batch.root / rel), batch.dry_run)
