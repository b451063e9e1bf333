"""Batch benchmark (run by hand; tests never time anything).

    .venv/bin/python bench/bench_batch.py              # 100 and 1,000 records, naive sample of 100
    .venv/bin/python bench/bench_batch.py --sizes 100,1000,10000

For each size: a full DOCX + HWPX build of that many plan records the size of seed 000 (-j 2), a
no-op re-run, one edited record rebuilt, and the peak memory of the batch process and its workers;
then the naive baseline (fresh docxtpl template + python-hwpx per record, 2 processes) on a sample,
extrapolated to 1,000 records. Each size runs in its own process so peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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


def one_size(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        paths = make_records(records, n)
        out = Path(tmp) / "out"
        timings = {}
        start = time.perf_counter()
        report = Batch(records, out, ("docx", "hwpx"), jobs=2).run()
        timings["full_s"] = time.perf_counter() - start
        assert report.count("rebuilt") == n, report.summary()
        start = time.perf_counter()
        report = Batch(records, out, ("docx", "hwpx"), jobs=2).run()
        timings["noop_s"] = time.perf_counter() - start
        assert report.count("unchanged") == n
        edited = paths[n // 2]
        edited.write_text(edited.read_text(encoding="utf-8").replace("천원×12개월", "천원×11개월", 1), encoding="utf-8")
        start = time.perf_counter()
        report = Batch(records, out, ("docx", "hwpx"), jobs=2).run()
        timings["one_edit_s"] = time.perf_counter() - start
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
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        run = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(run.stdout))
        print(rows[-1], flush=True)
    base = naive(args.naive_sample)
    print(base)
    thousand = next((r for r in rows if r["records"] == 1000), None)
    if thousand:
        print(
            f"1,000 records DOCX+HWPX: {thousand['full_s']} s (target ≤ 10 s); naive ≈ {base['naive_per_1000_s']} s "
            f"→ {base['naive_per_1000_s'] / thousand['full_s']:.1f}× faster; no-op {thousand['noop_s']} s (≤ 1 s); "
            f"one edit {thousand['one_edit_s']} s (≤ 1 s)"
        )


if __name__ == "__main__":
    main()
