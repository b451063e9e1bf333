"""Batch rendering on this machine's cores: this process and a pool of worker processes, each with one
Renderer (templates parsed once), each reading records from the folder and writing their outputs itself."""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import FolderResolver, Origin


@dataclass
class Builder:
    """What builds records in one process: its Renderer (templates parsed once), or why it could not
    be made (a bad template: Batch._load_writers stops the batch with one line), and the records
    folders' resolvers, made once per batch."""

    renderer: object | None
    unloadable: str = ""
    resolvers: dict[str, FolderResolver] = field(default_factory=dict)


# A worker process's Builder (set by _init_worker in the worker). The batch's own process keeps its
# Builder in build_all, so batches run side by side in one process (library callers) share nothing.
_worker: Builder | None = None

# A worker is ready some 0.1 s after it is spawned (a new interpreter loading the pipeline): the work
# of ~30 seed-sized records, which this process builds alone meanwhile. Measured (-j 2, seed-sized
# records): a worker costs time below ~35 records and saves it above.
RECORDS_PER_WORKER = 32

# Chunks handed to each worker and not yet finished: the one it builds and the next, so it never
# waits while this process builds a chunk, and little is left for it alone at the end.
IN_FLIGHT = 2


def start_workers(batch, records: int) -> ProcessPoolExecutor | None:
    """Worker processes for `records` records, or None when this process builds them alone. This
    process is one of the `jobs`: it builds records too (its writers are loaded anyway, to refuse a
    bad template), so -j 2 spawns one worker. They start at once, each loading the pipeline and its
    templates while the batch loads its own; the caller shuts them down (shutdown(cancel_futures=True)),
    and until `build_all` gives them records they write nothing. A worker only for every
    RECORDS_PER_WORKER records: fewer are built here sooner than a worker can start."""
    size = min(batch.jobs - 1, records // RECORDS_PER_WORKER)
    if size < 1:
        return None
    # Spawned, not forked: a forked worker would share the lock's open file and keep OUTDIR locked
    # after this process is killed; spawned workers are our children, and die with us (_init_worker).
    pool = ProcessPoolExecutor(
        max_workers=size,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(batch.formats, batch.templates, batch.config, os.getpid()),
    )
    for _ in range(size):  # a process is spawned per task while none is idle
        pool.submit(os.getpid)
    return pool


def build_all(batch, todo: list[str], pool: ProcessPoolExecutor | None):
    """Yield (rel, result) for every record of `todo`, in order: here, and on `pool`'s workers."""
    args = [(str(batch.root), rel, str(batch.outdir), batch.dry_run) for rel in todo]
    here = _builder(batch.formats, batch.templates, batch.config, batch.renderer)
    if pool is None:
        for a in args:
            yield a[1], _build(a, here)
        return
    parts = list(_chunks(args, batch.jobs))
    ahead = max(1, batch.jobs - 1) * IN_FLIGHT  # chunks given to the workers and not yet finished
    futures: dict[int, Future] = {}  # chunk → its result on a worker
    built: dict[int, list[dict]] = {}  # chunk → its results, built here
    given = shown = 0  # chunks handed out (to a worker or to this process); chunks yielded
    while shown < len(parts):
        while given < len(parts) and sum(not f.done() for f in futures.values()) < ahead:
            futures[given] = pool.submit(_build_chunk, parts[given])
            given += 1
        if given < len(parts):  # the workers have enough queued: build the next chunk here
            built[given] = _build_chunk(parts[given], here)
            given += 1
        elif (last := _take_back(futures, shown)) is not None:  # nothing left to hand out: take
            built[last] = _build_chunk(parts[last], here)  # back a chunk no worker has started
        elif shown not in built:
            futures[shown].result()  # wait for the next chunk in order
        while shown in built or (shown in futures and futures[shown].done()):
            results = built.pop(shown) if shown in built else futures.pop(shown).result()
            yield from zip((a[1] for a in parts[shown]), results)
            shown += 1


def _take_back(futures: dict[int, Future], first: int) -> int | None:
    """The last chunk handed to the workers that none has started (cancelled there), or None."""
    for i in sorted(futures, reverse=True):
        if i >= first and futures[i].cancel():
            del futures[i]
            return i
    return None


def _chunks(args: list, jobs: int):
    """`args` in chunks of up to 16 (one message to a worker and back for many records), smaller
    towards the end (an eighth of what is left per job), so that no process waits long while
    another finishes its last chunks."""
    start = 0
    while start < len(args):
        size = max(1, min(16, (len(args) - start) // (jobs * 8)))
        yield args[start : start + size]
        start += size


def _init_worker(formats, templates, config, parent: int) -> None:
    global _worker
    _exit_with_parent(parent)
    # Its outputs are closed and its results sent when the pool lets it go: it ends there, without
    # the interpreter's tear-down of everything the pipeline loaded (~0.1 s the batch waits for).
    atexit.register(_quick_exit)
    _worker = _builder(formats, templates, config)


def _builder(formats, templates, config, renderer=None) -> Builder:
    """A worker's Builder; in the batch's process, around the batch's own Renderer when it has one."""
    if renderer is None:
        from ..pipeline import Renderer

        try:
            renderer = Renderer(tuple(formats), config, dict(templates))
        except Exception as exc:  # a bad template: Batch._load_writers stops the batch with one line
            return Builder(None, f"{type(exc).__name__}: {exc}")
    return Builder(renderer)


def _quick_exit() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # closed or gone: nothing of ours is in it
            pass
    os._exit(0)


PR_SET_PDEATHSIG = 1


def _exit_with_parent(parent: int) -> None:
    """A worker whose batch was killed (kill -9) must not live on writing outputs: the kernel
    kills it when its parent dies (Linux prctl), else a thread watches the parent pid."""
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):  # not Linux
        pass

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _build_chunk(part: list, builder: Builder | None = None) -> list[dict]:
    """`part`'s results, built by `builder` (a worker passes none: its own)."""
    builder = builder or _worker
    return [_build(a, builder) for a in part]


def _build(args, builder: Builder) -> dict:
    from .work import render_record, store

    root, rel, outdir, dry_run = args
    label = str(Path(root) / rel)
    renderer = builder.renderer
    if renderer is None:
        return {
            "problems": [f"{label}: cannot load the template: {builder.unloadable}"],
            "warnings": [],
            "deps": {},
            "figures": {},
            "outputs": {},
        }
    # The batch folder is the records folder: includes and photos stay inside it.
    resolver = builder.resolvers.get(root)
    if resolver is None:
        resolver = builder.resolvers[root] = FolderResolver(root, renderer.config.allow_outside)
    result, outputs = render_record(renderer, Origin(resolver, rel), label)
    return store(result, outputs, rel, outdir, label, dry_run)
