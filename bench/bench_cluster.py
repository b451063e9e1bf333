"""Cluster benchmark (run by hand; tests never time anything).

    .venv/bin/python bench/bench_cluster.py                # 400 plan records → DOCX + HWPX
    .venv/bin/python bench/bench_cluster.py --records 1000

Starts a `dask scheduler` and 1, then 2, `dask worker --nthreads 1` on 127.0.0.1 (stopped at the end)
and builds the same records: with the local process pool (-j 1, -j 2), then on the cluster with tasks
of 1 record and of the default chunk. Prints documents/s, the per-document cost on one core, the
scheduler's overhead per task (chunk 1 vs chunk N on one worker), and the client's own CPU per
document (reading and shipping records, writing outputs and the manifest) — the numbers the README's
sizing note is computed from. The machine's load (`uptime`) is printed with them: on a shared machine
they move with it.
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


def _load() -> str:
    return open("/proc/loadavg").read().split(" ", 3)[:3].__str__()


def timed(records: Path, out: Path, **kw) -> tuple[float, float, int]:
    """(wall seconds, this process's CPU seconds, documents) of one full build into a fresh OUTDIR."""
    wall, cpu = time.perf_counter(), time.process_time()
    report = Batch(records, out, FORMATS, force=True, **kw).run()
    assert report.count("failed") == 0, report.summary()
    return time.perf_counter() - wall, time.process_time() - cpu, report.count("rebuilt") * len(FORMATS)


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
            wall, cpu, docs = timed(records, out / f"j{jobs}", jobs=jobs)
            rows.append((f"local -j {jobs}", wall, cpu, docs, n // (jobs * 4) or 1))
        port = _port()
        address = f"tcp://127.0.0.1:{port}"
        procs = [_start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")]
        try:
            from distributed import Client

            for workers in (1, 2):
                while len(procs) - 1 < workers:
                    procs.append(_start("worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"))
                with Client(address, timeout="60s", set_as_default=False) as client:
                    client.wait_for_workers(workers, timeout=120)
                chunks = (1, None) if workers == 1 else (None,)
                for chunk in chunks:
                    timed(records, out / "warm", cluster=address, chunk=chunk)  # workers import reportgen once
                    wall, cpu, docs = timed(records, out / f"w{workers}c{chunk}", cluster=address, chunk=chunk)
                    rows.append((f"cluster {workers} worker{'s' * (workers > 1)}, chunk {chunk or 'auto'}", wall, cpu, docs, chunk))
                start = time.perf_counter()
                report = Batch(records, out / f"w{workers}cNone", FORMATS, cluster=address).run()
                assert report.count("unchanged") == n
                rows.append((f"cluster {workers}: no-op rerun", time.perf_counter() - start, 0.0, 0, None))
        finally:
            for proc in reversed(procs):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
    print(f"{'run':34} {'wall s':>7} {'docs/s':>7} {'client CPU ms/doc':>18}")
    for name, wall, cpu, docs, _ in rows:
        print(f"{name:34} {wall:7.2f} {docs / wall if docs else 0:7.1f} {cpu / docs * 1000 if docs else 0:18.2f}")
    by = {r[0]: r for r in rows}
    per_doc = by["local -j 1"][1] / by["local -j 1"][3]
    one = by["cluster 1 worker, chunk 1"]
    auto = by["cluster 1 worker, chunk auto"]
    tasks_1, tasks_auto = n, -(-n // max(1, min(16, n // 4)))  # the default chunk on one worker
    per_task = (one[1] - auto[1]) / max(1, tasks_1 - tasks_auto)
    client = auto[2] / auto[3]
    print(f"per-document cost, one core (local -j 1): {per_doc * 1000:.2f} ms")
    print(f"scheduler overhead per task (chunk 1 vs auto, 1 worker): {per_task * 1000:.2f} ms")
    print(f"client CPU per document (cluster, chunk auto): {client * 1000:.2f} ms → at most {1 / client:.0f} documents/s per client")
    for total in (100_000, 1_000_000):
        print(
            f"{total:,} documents in 10 minutes: {total * per_doc / 600:.0f} worker cores at {per_doc * 1000:.1f} ms/doc; client needs {total / 600:.0f} docs/s"
        )
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
