"""Storing a batch's outputs (run by hand; tests never time anything): CPU time per record of
reportgen.batch.work.store — a DOCX and an HWPX of seed-000 size written atomically beside their
targets, not synced (the batch syncs once per window) — into a new folder, then again over them.

    .venv/bin/python bench/bench_store.py [--records 1000] [--folder DIR] [--against OTHER_CHECKOUT [--rounds 6]]

Most of this time is the kernel's: each output is a new file (a new inode) renamed into place. What
a new inode costs depends on the file system and on the folder: on an ext4 without a journal
(this machine's) the allocator passes over every inode freed in the last minutes in the folder's
block group, so a folder where many files were just deleted (/tmp, after tests and earlier runs)
costs several times what a quiet one does. Compare checkouts in the same --folder, alternating
(--against), and say which folder the figures are from.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(tree: Path, records: int, folder: str | None) -> dict[str, float]:
    """ms of CPU per record: storing into a new folder ("fresh"), then over those files ("replace")."""
    sys.path.insert(0, str(tree))
    from reportgen.batch.work import store

    outputs = {"docx": os.urandom(40_000), "hwpx": os.urandom(30_000)}  # seed-000 sizes, incompressible
    out = {}
    with tempfile.TemporaryDirectory(dir=folder) as outdir:
        for phase in ("fresh", "replace"):
            start = _cpu()
            for i in range(records):
                store({}, outputs, f"{i // 100:03d}/plan-{i:05d}.json", outdir, "bench", False)
            out[phase] = (_cpu() - start) * 1000 / records
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--folder", help="where the output folder is made (default: the system's temporary folder)")
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run alternately")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)  # one round, for --against
    args = parser.parse_args()
    if args.tree:
        print(json.dumps(measure(args.tree, args.records, args.folder)))
        return
    print(f"load: {os.getloadavg()[0]:.2f} (1 min); folder: {args.folder or tempfile.gettempdir()}")
    trees = {"this": ROOT, **({"other": args.against.resolve()} if args.against else {})}
    runs: dict[str, list[dict]] = {label: [] for label in trees}
    for r in range(args.rounds if args.against else 1):
        for label, tree in trees.items() if r % 2 == 0 else reversed(trees.items()):
            argv = [sys.executable, __file__, "--tree", str(tree), "--records", str(args.records)]
            argv += ["--folder", args.folder] if args.folder else []
            runs[label].append(json.loads(subprocess.run(argv, capture_output=True, text=True, check=True).stdout))
    for label, got in runs.items():
        cells = "   ".join(f"{phase} {statistics.median(x[phase] for x in got):.3f}" for phase in ("fresh", "replace"))
        print(f"{label:5} {trees[label]}: CPU ms per record (median of {len(got)}): {cells}")


if __name__ == "__main__":
    main()
