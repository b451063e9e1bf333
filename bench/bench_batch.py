"""Batch benchmark (run by hand; tests never time anything).

    .venv/bin/python bench/bench_batch.py              # 100 and 1,000 records, naive sample of 100
    .venv/bin/python bench/bench_batch.py --sizes 100,1000,10000
    .venv/bin/python bench/bench_batch.py --sizes 1000 --naive-sample 0 --against /tmp/old --rounds 5

For each size: a full DOCX + HWPX build of that many plan records the size of seed 000 (-j 2), a
no-op re-run, one edited record rebuilt, and the peak memory of the batch process and its workers;
then the naive baseline (fresh docxtpl template + python-hwpx per record, 2 processes) on a sample,
extrapolated to 1,000 records. Each size runs in its own process so peak memory is its own.

With --against OTHER_CHECKOUT (e.g. `git archive OLD | tar -x -C /tmp/old`), the same sizes run
from that checkout too, alternating old and new round by round so both see the same machine load;
each phase reports wall time and CPU time (user + system of the batch and its workers). The machine
is shared: CPU time is the figure to trust while others work; note `uptime` with the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREE = Path(os.environ.get("BENCH_TREE", ROOT))  # the checkout whose reportgen is measured
sys.path.insert(0, str(TREE))
sys.path.insert(0, str(ROOT / "bench"))

from reportgen.batch import Batch  # noqa: E402

SEED = json.loads((ROOT / "examples" / "plan-chatdong-support-team.json").read_text(encoding="utf-8"))


def make_records(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        data = json.loads(json.dumps(SEED))
        data["budget"].pop("total"), data["budget"].pop("grand_total")
        data["budget"]["rows"][1]["formula"] = f"{500 + i % 97}천원×12개월"
        data["header"]["doc_number"] = f"자치행정과-{10000 + i}"
        path = folder / f"{i // 100:03d}" / f"plan-{i:05d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _cpu() -> tuple[float, float]:
    """User + system seconds of this process (the batch's parent), and of it and its finished
    children (the batch's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    mine = own.ru_utime + own.ru_stime
    return mine, mine + kids.ru_utime + kids.ru_stime


def _timed(timings: dict, name: str, run) -> object:
    start, (own, cpu) = time.perf_counter(), _cpu()
    result = run()
    own_after, cpu_after = _cpu()
    timings[f"{name}_s"], timings[f"{name}_cpu_s"] = time.perf_counter() - start, cpu_after - cpu
    timings[f"{name}_parent_cpu_s"] = own_after - own
    return result


def one_size(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        paths = make_records(records, n)
        out = Path(tmp) / "out"
        timings: dict[str, float] = {}
        batch = lambda: Batch(records, out, ("docx", "hwpx"), jobs=2).run()  # noqa: E731
        report = _timed(timings, "full", batch)
        assert report.count("rebuilt") == n, report.summary()
        report = _timed(timings, "noop", batch)
        assert report.count("unchanged") == n
        edited = paths[n // 2]
        edited.write_text(edited.read_text(encoding="utf-8").replace("천원×12개월", "천원×11개월", 1), encoding="utf-8")
        report = _timed(timings, "one_edit", batch)
        assert report.count("rebuilt") == 1
    kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"records": n, **{k: round(v, 3) for k, v in timings.items()}, "peak_rss_mib": round(kib / 1024, 1)}


def _naive_one(path: str) -> None:
    from naive import naive_build

    naive_build(Path(path), Path(path).parent)


def naive(sample: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_records(Path(tmp), sample)
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_naive_one, [str(p) for p in paths]))
        elapsed = time.perf_counter() - start
    return {"naive_sample": sample, "naive_s": round(elapsed, 3), "naive_per_1000_s": round(elapsed * 1000 / sample, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--naive-sample", type=int, default=100)
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run alternately")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each size (per checkout)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return
    if args.against:
        paired(args)
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows.append(_one(ROOT, n))
        print(rows[-1], flush=True)
    if not args.naive_sample:
        return
    base = naive(args.naive_sample)
    print(base)
    thousand = next((r for r in rows if r["records"] == 1000), None)
    if thousand:
        print(
            f"1,000 records DOCX+HWPX: {thousand['full_s']} s (target ≤ 10 s); naive ≈ {base['naive_per_1000_s']} s "
            f"→ {base['naive_per_1000_s'] / thousand['full_s']:.1f}× faster; no-op {thousand['noop_s']} s (≤ 1 s); "
            f"one edit {thousand['one_edit_s']} s (≤ 1 s)"
        )


def _one(tree: Path, n: int) -> dict:
    env = {**os.environ, "BENCH_TREE": str(tree), "PYTHONPATH": str(tree)}
    run = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise SystemExit(f"{tree}: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def paired(args) -> None:
    trees = {"new": ROOT, "old": args.against.resolve()}
    print(f"load: {os.getloadavg()[0]:.2f} (1 min); new = {ROOT}, old = {trees['old']}", flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        rows: dict[str, list[dict]] = {t: [] for t in trees}
        for r in range(args.rounds):
            for label, tree in trees.items() if r % 2 == 0 else reversed(trees.items()):
                rows[label].append(_one(tree, n))
                print(f"  round {r + 1} {label}: {rows[label][-1]}", flush=True)
        for phase in ("full", "noop", "one_edit"):
            shown = "   ".join(
                f"{label}: wall median {statistics.median(x[f'{phase}_s'] for x in got):.3f} s "
                f"(min {min(x[f'{phase}_s'] for x in got):.3f}), "
                f"CPU median {statistics.median(x[f'{phase}_cpu_s'] for x in got):.3f} s "
                f"(parent {statistics.median(x[f'{phase}_parent_cpu_s'] for x in got):.3f})"
                for label, got in rows.items()
            )
            print(f"{n} records {phase:8} {shown}")
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
