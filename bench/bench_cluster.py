"""Cluster benchmark (run by hand; tests never time anything).

    .venv/bin/python bench/bench_cluster.py                # 400 plan records → DOCX + HWPX
    .venv/bin/python bench/bench_cluster.py --records 1000

Starts a `dask scheduler` and 1, then 2, `dask worker --nthreads 1` on 127.0.0.1 (stopped at the end)
and builds the same records: with the local process pool (-j 1, -j 2), then on the cluster with tasks
of 1 record and of the default chunk. Prints documents/s and — robust on a shared, loaded machine,
where wall times mostly measure the others — the CPU seconds each party spent (read from /proc): the
client (reading and shipping records, writing outputs and the manifest), the scheduler, the workers.
Per-task costs come from chunk 1 vs the default chunk on one worker. The README's sizing note is
computed from these numbers; the machine's load (`uptime`) is printed with them.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import make_records  # noqa: E402

from reportgen.batch import Batch  # noqa: E402

FORMATS = ("docx", "hwpx")
DASK = Path(sys.executable).parent / "dask"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _load() -> str:
    return open("/proc/loadavg").read().split(" ", 3)[:3].__str__()


def timed(records: Path, out: Path, scheduler=None, workers=(), **kw) -> tuple:
    """(wall s, client CPU s, documents, scheduler CPU s, workers' CPU s) of one full build into a fresh OUTDIR."""
    watched = [p for p in (scheduler, *workers) if p]
    before = [_cpu(p.pid) for p in watched]
    children = os.times().children_user + os.times().children_system
    wall, cpu = time.perf_counter(), time.process_time()
    report = Batch(records, out, FORMATS, force=True, **kw).run()
    assert report.count("failed") == 0, report.summary()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    docs = report.count("rebuilt") * len(FORMATS)
    if not watched:  # local: the pool's workers are this process's children, finished by now
        return wall, cpu, docs, 0.0, os.times().children_user + os.times().children_system - children
    spent = [_cpu(p.pid) - b for p, b in zip(watched, before)]
    return wall, cpu, docs, spent[0], sum(spent[1:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=400)
    n = parser.parse_args().records
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        records, out = Path(tmp) / "records", Path(tmp) / "out"
        make_records(records, n)
        print(f"{n} plan records → {'+'.join(FORMATS)} ({n * len(FORMATS)} documents); load before: {_load()}")
        for jobs in (1, 2):
            rows.append((f"local -j {jobs}", *timed(records, out / f"j{jobs}", jobs=jobs)))
        port = _port()
        address = f"tcp://127.0.0.1:{port}"
        procs = [_start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")]
        try:
            from distributed import Client

            for workers in (1, 2):
                while len(procs) - 1 < workers:  # no nanny: the worker's CPU is its own process's
                    procs.append(_start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"))
                with Client(address, timeout="60s", set_as_default=False) as client:
                    client.wait_for_workers(workers, timeout=120)
                for chunk in (1, None) if workers == 1 else (None,):
                    timed(records, out / "warm", cluster=address, chunk=chunk)  # workers import reportgen once
                    measured = timed(records, out / f"w{workers}c{chunk}", procs[0], procs[1:], cluster=address, chunk=chunk)
                    rows.append((f"cluster {workers} worker{'s' * (workers > 1)}, chunk {chunk or 'auto'}", *measured))
                start = time.perf_counter()
                report = Batch(records, out / f"w{workers}cNone", FORMATS, cluster=address).run()
                assert report.count("unchanged") == n
                rows.append((f"cluster {workers}: no-op rerun", time.perf_counter() - start, 0.0, 0, 0.0, 0.0))
        finally:
            for proc in reversed(procs):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
    print(f"{'run':32} {'wall s':>7} {'docs/s':>7}   CPU ms per document: {'client':>7} {'scheduler':>9} {'workers':>8}")
    for name, wall, cpu, docs, sched, work in rows:
        per = lambda x, d=docs: x / d * 1000 if d else 0.0  # noqa: E731
        print(f"{name:32} {wall:7.2f} {docs / wall if docs else 0:7.1f}   {'':21}{per(cpu):7.2f} {per(sched):9.2f} {per(work):8.2f}")
    by = {r[0]: r for r in rows}
    one, auto = by["cluster 1 worker, chunk 1"], by["cluster 1 worker, chunk auto"]
    docs = auto[3]
    tasks = n - -(-n // max(1, min(16, n // 4)))  # tasks saved by the default chunk on one worker
    client_t, sched_t, worker_t = ((one[i] - auto[i]) / tasks * 1000 for i in (2, 4, 5))
    local = by["local -j 1"][2] / by["local -j 1"][3]  # everything in one process: the whole cost of a document
    worker, client = auto[5] / docs, auto[2] / docs
    print(f"one core, local -j 1: {local * 1000:.2f} ms CPU per document (render + write + manifest)")
    print(f"per task (chunk 1 vs default): client {client_t:.2f} ms, scheduler {sched_t:.2f} ms, worker {worker_t:.2f} ms CPU")
    print(f"cluster, default chunk: worker {worker * 1000:.2f} ms, client {client * 1000:.2f} ms CPU per document")
    for total in (100_000, 1_000_000):
        print(
            f"{total:,} documents in 10 minutes = {total / 600:.0f} docs/s: {total * worker / 600:.1f} busy worker cores, "
            f"client {total * client / 600:.2f} cores"
        )
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
