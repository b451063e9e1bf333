"""Start-up benchmark (run by hand; tests never time anything): wall time of a fresh process for

    reportgen --help                      goal ≤ 60 ms
    reportgen validate <seed-000 record>
    reportgen render <seed-000 record> -o TMP -f docx    (cold render of one record, goal ≤ 0.15 s)

    .venv/bin/python bench/bench_startup.py [--runs 20] [--against OTHER_CHECKOUT]

With --against, the same commands run from another checkout of reportgen (e.g. a worktree of the
previous commit: `git worktree add /tmp/old <commit>`) with this venv's Python, alternating old and
new run by run so both see the same machine load; medians and minimums are printed side by side.
The machine is shared: note `uptime` with the numbers.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = "examples/plan-chatdong-support-team.json"


def commands(out: str) -> dict[str, list[str]]:
    return {
        "--help": ["--help"],
        "validate": ["validate", RECORD],
        "render docx": ["render", RECORD, "-o", out, "-f", "docx"],
        "render docx,hwpx": ["render", RECORD, "-o", out, "-f", "docx,hwpx"],
    }


def run_once(tree: Path, args: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one fresh process. CPU time (user + system) moves less than wall time
    when the other engineers' jobs load the machine."""
    # PYTHONPATH puts `tree` ahead of the venv's editable install, so each checkout runs its own code.
    # Byte code is cached as on a user's machine: with PYTHONDONTWRITEBYTECODE (set in some shells
    # and sandboxes) every run would compile reportgen's modules again and time the compiler.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reportgen.cli", *args], cwd=tree, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: reportgen {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run alternately")
    args = parser.parse_args()
    trees = {"this": ROOT} | ({"other": args.against.resolve()} if args.against else {})
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)  runs: {args.runs}")
    with tempfile.TemporaryDirectory() as out:
        for name, argv in commands(out).items():
            times = {t: [] for t in trees}
            for tree in trees.values():  # warm the file cache and .pyc files first
                run_once(tree, argv)
            for _ in range(args.runs):
                for label, tree in trees.items():
                    times[label].append(run_once(tree, argv))
            shown = "   ".join(
                f"{label}: wall median {statistics.median(w for w, _ in t):6.1f} ms (min {min(w for w, _ in t):6.1f}), "
                f"CPU median {statistics.median(c for _, c in t):6.1f} ms"
                for label, t in times.items()
            )
            print(f"{name:18} {shown}")
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
