"""Start-up benchmark (run by hand; tests never time anything): wall and CPU time of a fresh process for
what a user runs — the venv's console script `.venv/bin/reportgen`, as README gives it:

    python -c pass                        the venv's own floor (site and its .pth files)
    python -c 'import click'              the floor of any click program
    reportgen --help                      goal ≤ 60 ms
    reportgen validate <seed-000 record>
    reportgen render <seed-000 record> -o TMP -f docx    (cold render of one record, goal ≤ 0.15 s)
    reportgen render <seed-000 record> -o TMP -f docx,hwpx

    .venv/bin/python bench/bench_startup.py [--runs 20] [--against OTHER_CHECKOUT] [--only NAME …]
    .venv/bin/python bench/bench_startup.py --imports [--runs 9] [--only NAME …]

--imports prints, per command, what `python -X importtime` says its imports cost (the minimum of each
module's cumulative time over the runs, so a busy machine shows less noise): the list to work down.

With --against, the same commands run from another checkout of reportgen WITH ITS OWN VENV (so that
what its install puts in every process — e.g. an editable-install finder — is measured too):

    git worktree add /tmp/old <commit> && cd /tmp/old && python3 -m venv .venv && .venv/bin/pip install -e .

Old and new alternate run by run so both see the same machine load; medians and minimums are printed
side by side. The machine is shared: note `uptime` with the numbers; CPU time (user + system) moves
less than wall time when other jobs load the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = "examples/plan-chatdong-support-team.json"


def commands(out: str) -> dict[str, list[str]]:
    """name → argv after the venv's bin folder (`python …` or `reportgen …`)."""
    return {
        "python -c pass": ["python", "-c", "pass"],
        "import click": ["python", "-c", "import click"],
        "help": ["reportgen", "--help"],
        "validate": ["reportgen", "validate", RECORD],
        "render docx": ["reportgen", "render", RECORD, "-o", out, "-f", "docx"],
        "render docx,hwpx": ["reportgen", "render", RECORD, "-o", out, "-f", "docx,hwpx"],
    }


def venv_of(tree: Path) -> Path:
    """The bin folder of `tree`'s own venv, checked to import reportgen from `tree`."""
    bin_ = tree / ".venv" / "bin"
    if not (bin_ / "reportgen").exists():
        raise SystemExit(f"{tree}: no .venv/bin/reportgen — make one: cd {tree} && python3 -m venv .venv && .venv/bin/pip install -e .")
    where = subprocess.run([bin_ / "python", "-c", "import reportgen; print(reportgen.__file__)"], cwd="/", capture_output=True, text=True)
    if not where.stdout.strip().startswith(str(tree.resolve())):
        raise SystemExit(f"{tree}: its venv imports reportgen from {where.stdout.strip() or where.stderr[-300:]}")
    return bin_


def run_once(tree: Path, bin_: Path, argv: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one fresh process."""
    # Byte code is cached as on a user's machine: with PYTHONDONTWRITEBYTECODE (set in some shells and
    # sandboxes) every run would compile reportgen's modules again and time the compiler.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([bin_ / argv[0], *argv[1:]], cwd=tree, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed * 1000, cpu * 1000


def import_costs(bin_: Path, argv: list[str], runs: int, top: int = 25) -> list[tuple[int, int, str]]:
    """(min cumulative µs, min self µs, module indented by depth) of the `top` costliest imports."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    script = [bin_ / "python", "-X", "importtime"] + ([str(bin_ / "reportgen")] if argv[0] == "reportgen" else [])
    seen: dict[str, tuple[list[int], list[int], int]] = {}
    for _ in range(runs):
        done = subprocess.run([*script, *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True)
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "[us]" in line:
                continue
            own, cumulative, name = line[len("import time:") :].split("|")
            depth = (len(name) - len(name.lstrip()) - 1) // 2
            mine = seen.setdefault(name.strip(), ([], [], depth))
            mine[0].append(int(cumulative))
            mine[1].append(int(own))
    rows = sorted(((min(c), min(o), "  " * d + n) for n, (c, o, d) in seen.items()), reverse=True)
    return rows[:top]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--against", type=Path, help="another checkout (with its own .venv) to compare with, run alternately")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these rows (e.g. help validate)")
    parser.add_argument("--imports", action="store_true", help="what each command's imports cost (python -X importtime)")
    args = parser.parse_args()
    if args.imports:
        with tempfile.TemporaryDirectory() as out:
            for name, argv in commands(out).items():
                if not args.only or name in args.only:
                    print(f"{name}: min over {args.runs} runs, cumulative / self µs")
                    for cumulative, own, module in import_costs(venv_of(ROOT), argv, args.runs):
                        print(f"  {cumulative:7d} {own:7d}  {module}")
        return
    trees = {"this": ROOT} | ({"other": args.against.resolve()} if args.against else {})
    bins = {label: venv_of(tree) for label, tree in trees.items()}
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  runs: {args.runs}  " + "  ".join(f"{k}={v}" for k, v in trees.items()))
    with tempfile.TemporaryDirectory() as out:
        for name, argv in commands(out).items():
            if args.only and name not in args.only:
                continue
            times = {t: [] for t in trees}
            for label, tree in trees.items():  # warm the file cache and .pyc files first
                run_once(tree, bins[label], argv)
            for _ in range(args.runs):
                for label, tree in trees.items():
                    times[label].append(run_once(tree, bins[label], argv))
            shown = "   ".join(
                f"{label}: wall median {statistics.median(w for w, _ in t):6.1f} ms (min {min(w for w, _ in t):6.1f}), "
                f"CPU median {statistics.median(c for _, c in t):6.1f} ms (min {min(c for _, c in t):6.1f})"
                for label, t in times.items()
            )
            print(f"{name:18} {shown}", flush=True)
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
