"""Median time of one in-process write per writer (DOCX, HWPX, HWP, HTML) for seed-000-sized
Documents: the composed seed-000 example record, and the hand-built HWPX test document.

Run: .venv/bin/python bench/bench_writers.py [--repeats 50] [--formats docx,hwpx] [--against OTHER_CHECKOUT [--rounds 6]]

With --against, each round measures this checkout and another one (e.g. a worktree of the previous
commit: `git worktree add /tmp/old <commit>`) in fresh processes of this venv's Python, alternating,
so both see the same machine load; the medians of the rounds are printed side by side. Report CPU
time (this process's user+sys) with `uptime`: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("docx", "hwpx", "hwp", "html")


def median_ms(fn, repeats: int) -> tuple[float, float]:
    """Median (wall ms, CPU ms) of `fn()`. CPU time (this process) moves less than wall time when
    others load the machine; the HWP writer's rhwp layout runs in this process too."""
    fn()  # warm up
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def measure(formats: list[str], repeats: int) -> dict[str, tuple[float, float]]:
    """ "<format> <document>" → (wall ms, CPU ms), with this checkout's reportgen."""
    sys.path.insert(0, str(ROOT))
    from reportgen.compose import compose
    from reportgen.records import load_record
    from reportgen.writers import writer_class
    from tests.writers.test_hwpx import realistic_document  # the seed-000-like test document

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        seed_000 = compose(load_record(ROOT / "examples" / "plan-chatdong-support-team.json"), ROOT / "examples")
        docs = {"seed-000 example": seed_000, "test document": realistic_document(Path(tmp))}
        for fmt in formats:
            writer = writer_class(fmt)()
            for name, doc in docs.items():
                out[f"{fmt:4} {name}"] = median_ms(lambda w=writer, d=doc: w.write(d), repeats)
    return out


def paired(other: Path, formats: list[str], repeats: int, rounds: int) -> None:
    trees = {"this": ROOT, "other": other.resolve()}
    runs: dict[str, list[dict]] = {label: [] for label in trees}
    for _ in range(rounds):
        for label, tree in trees.items():
            argv = [sys.executable, str(Path(__file__).resolve()), "--json", "--repeats", str(repeats), "--formats", ",".join(formats)]
            done = subprocess.run(argv, cwd=tree, env={**os.environ, "BENCH_ROOT": str(tree)}, capture_output=True, text=True, check=True)
            runs[label].append(json.loads(done.stdout))
    print(f"CPU ms (wall ms), medians of {rounds} alternating rounds × {repeats} writes; other = {trees['other']}")
    for key in runs["this"][0]:
        cells = []
        for label in trees:
            wall = statistics.median(r[key][0] for r in runs[label])
            cpu = statistics.median(r[key][1] for r in runs[label])
            cells.append(f"{label} {cpu:6.2f} ({wall:6.2f})")
        print(f"{key:22} " + "   ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run alternately")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one round, for --against
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)", file=sys.stderr)
    if args.against:
        paired(args.against, formats, args.repeats, args.rounds)
    elif args.json:
        print(json.dumps(measure(formats, args.repeats)))
    else:
        for key, (wall, cpu) in measure(formats, args.repeats).items():
            print(f"{key:22} {wall:7.2f} ms wall, {cpu:7.2f} ms CPU (medians of {args.repeats})")


if __name__ == "__main__":
    if os.environ.get("BENCH_ROOT"):  # a round of --against: measure that checkout, whichever file runs
        ROOT = Path(os.environ["BENCH_ROOT"])
    main()
