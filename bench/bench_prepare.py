"""In-process cost of the pipeline before the writers: `prepare()` (read, validate, compose) of the
seed-000 example record, per record (run by hand; tests never time anything).

    .venv/bin/python bench/bench_prepare.py [--runs 5] [--records 300] [--against OTHER_CHECKOUT]

Each run is a fresh process that prepares the record `--records` times after one warm-up and
reports the mean per record (wall and CPU). With --against (e.g. `git archive OLD | tar -x -C
/tmp/old`), runs alternate between the two checkouts so both see the same machine load; the
medians and minimums are printed side by side. The machine is shared: CPU time is the figure to
trust while others work; note `uptime` with the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "examples" / "plan-chatdong-support-team.json"


def one(records: int) -> dict:
    from reportgen.pipeline import locate, prepare

    origin = locate(RECORD)
    prepare(origin)  # warm: schemas compiled, caches filled
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(records):
        prepare(origin)
    return {"wall_ms": (time.perf_counter() - wall) * 1000 / records, "cpu_ms": (time.process_time() - cpu) * 1000 / records}


def run(tree: Path, records: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}  # ahead of the venv's editable install
    done = subprocess.run([sys.executable, __file__, "--one", str(records)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run alternately")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    trees = {"this": ROOT} | ({"other": args.against.resolve()} if args.against else {})
    print(f"load: {os.getloadavg()[0]:.2f} (1 min); prepare() of {RECORD.name}, {args.records} per run, {args.runs} runs")
    got: dict[str, list[dict]] = {t: [] for t in trees}
    for r in range(args.runs):
        for label in trees if r % 2 == 0 else reversed(list(trees)):
            got[label].append(run(trees[label], args.records))
    for label, rows in got.items():
        wall, cpu = [x["wall_ms"] for x in rows], [x["cpu_ms"] for x in rows]
        print(
            f"{label:5} ({trees[label]}): per record wall median {statistics.median(wall):.3f} ms (min {min(wall):.3f}), "
            f"CPU median {statistics.median(cpu):.3f} ms (min {min(cpu):.3f})"
        )
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
