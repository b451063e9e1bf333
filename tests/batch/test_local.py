"""This machine's workers (reportgen/batch/local.py): how many, and how records are shared."""

from __future__ import annotations

from reportgen.batch import Batch
from reportgen.batch.local import RECORDS_PER_WORKER, _chunks, start_workers


def test_a_worker_is_started_only_for_enough_records(tmp_path):
    """-j N: this process and up to N − 1 workers, one per RECORDS_PER_WORKER records; fewer records
    are built here before a worker could have started."""
    for jobs, records, workers in (
        (1, 10_000, 0),
        (2, RECORDS_PER_WORKER - 1, 0),
        (2, RECORDS_PER_WORKER, 1),
        (2, 10_000, 1),
        (4, 2 * RECORDS_PER_WORKER, 2),
    ):
        pool = start_workers(Batch(tmp_path, tmp_path / "out", jobs=jobs), records)
        try:
            assert (0 if pool is None else pool._max_workers) == workers, (jobs, records)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def test_chunks_cover_every_record_in_order_and_shrink_towards_the_end():
    args = list(range(1000))
    parts = list(_chunks(args, 2))
    assert [a for part in parts for a in part] == args
    sizes = [len(part) for part in parts]
    assert max(sizes) == 16 and sizes == sorted(sizes, reverse=True) and sizes[-10:] == [1] * 10


def test_two_batches_in_one_process_build_with_their_own_writers(tmp_path):
    """The library keeps no global state: a batch building in this process uses its own Renderer,
    even while another batch (another thread of a library caller) is half-way through."""
    import shutil
    from pathlib import Path

    from reportgen.batch.local import build_all

    example = Path(__file__).resolve().parents[2] / "examples" / "plan-chatdong-support-team.json"
    records = tmp_path / "records"
    records.mkdir()
    todo = [f"plan-{n}.json" for n in range(3)]
    for name in todo:
        shutil.copy(example, records / name)
    batches = {fmt: Batch(records, tmp_path / fmt, (fmt,), jobs=1) for fmt in ("docx", "hwpx")}
    for batch in batches.values():
        batch._load_writers()
    docx, hwpx = (build_all(batches[fmt], todo, None) for fmt in ("docx", "hwpx"))
    first = [next(docx), next(hwpx)]  # both started, then each finishes
    made = {fmt: first[i : i + 1] + list(rest) for i, (fmt, rest) in enumerate((("docx", docx), ("hwpx", hwpx)))}
    for fmt, results in made.items():
        assert [rel for rel, _ in results] == todo
        assert all(not result["problems"] for _, result in results), results
        written = sorted(p.name for p in (tmp_path / fmt).rglob("*") if p.is_file())
        assert written == sorted(f"plan-{n}.{fmt}" for n in range(3)), (fmt, written)


def test_an_interrupted_batch_lets_go_of_its_folder_only_when_no_worker_writes_in_it(tmp_path, monkeypatch):
    """Interrupted (here: its progress callback raises), the batch stops its workers — a worker's chunk
    goes on writing until it ends — before it lets go of the lock: another batch that takes the folder
    then finds nothing changing under it."""
    import shutil
    from pathlib import Path

    import pytest

    from reportgen import batch as batch_module

    example = Path(__file__).resolve().parents[2] / "examples" / "plan-chatdong-support-team.json"
    records = tmp_path / "records"
    records.mkdir()
    for n in range(3 * RECORDS_PER_WORKER):
        shutil.copy(example, records / f"plan-{n:03}.json")
    out = tmp_path / "out"

    def files():
        return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix == ".docx"}

    at_release = {}
    let_go = batch_module._Lock.__exit__

    def exit_noting_the_folder(lock, *exc):
        at_release.update(files())
        return let_go(lock, *exc)

    monkeypatch.setattr(batch_module._Lock, "__exit__", exit_noting_the_folder)

    def interrupt(outcome):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Batch(records, out, ("docx",), jobs=2, force=True).run(progress=interrupt)
    assert at_release, "nothing was written before the interruption"
    assert files() == at_release  # nothing written or replaced once the lock was let go
