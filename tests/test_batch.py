"""Batch builds through the real CLI: incremental, isolated failures, locked, kill-safe."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.batch import LOCK
from reportgen.cli import main
from reportgen.manifest import Manifest
from reportgen.readers.docx import docx_lines

from .helpers import EXAMPLES, PLAN_EXAMPLE


def plan() -> dict:
    data = json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))
    for key in ("total", "grand_total"):  # let edits move the totals
        data["budget"].pop(key)
    return data


def write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    """Five plans, two of which share a budget file, and a result report with its photos."""
    root = tmp_path / "records"
    for i in range(3):
        write(root / "plans" / f"plan-{i}.json", plan())
    shared = plan()
    write(root / "_shared" / "budget.json", shared["budget"])
    for name in ("shared-a", "shared-b"):
        data = plan()
        data["budget"] = {"$include": "../_shared/budget.json"}
        write(root / "annual" / f"{name}.json", data)
    shutil.copy(EXAMPLES / "result-chatdong-100days.json", root / "result.json")
    shutil.copytree(EXAMPLES / "photos", root / "photos")
    return root


def batch(*args):
    result = CliRunner().invoke(main, ["batch", *[str(a) for a in args]])
    return result


def rebuilt(result) -> set[str]:
    return {line.split(" ", 1)[1] for line in result.output.splitlines() if line.startswith("rebuilt ")}


def text(path: Path) -> str:
    return "\n".join(docx_lines(path.read_bytes()))


def test_first_build_then_nothing_to_do(tree, tmp_path):
    out = tmp_path / "out"
    first = batch(tree, "-o", out, "-f", "docx,hwpx", "-j", "2")
    assert first.exit_code == 0, first.output
    assert first.output.strip().endswith("6 rebuilt, 0 unchanged, 0 failed")
    assert (out / "plans" / "plan-0.docx").exists() and (out / "annual" / "shared-b.hwpx").exists()
    assert not (out / "_shared").exists()
    again = batch(tree, "-o", out, "-f", "docx,hwpx")
    assert again.output.strip() == "0 rebuilt, 6 unchanged, 0 failed"


def test_a_run_with_nothing_to_do_loads_no_writer_and_reads_no_record(tree, tmp_path):
    out = tmp_path / "out"
    assert batch(tree, "-o", out, "-f", "docx,hwpx").exit_code == 0
    probe = (
        "import sys; from reportgen.batch import Batch; "
        f"report = Batch({str(tree)!r}, {str(out)!r}, ('docx', 'hwpx'), jobs=2).run(); "
        "print(report.summary()); "
        "print(sorted(m for m in sys.modules if m.startswith(('reportgen.writers.', 'reportgen.validate', 'reportgen.compose', "
        "'reportgen.records', 'reportgen.pipeline', 'docx', 'lxml', 'jsonschema', 'yaml', 'multiprocessing'))))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == ["0 rebuilt, 6 unchanged, 0 failed", "[]"]


def test_an_invalid_record_is_refused_again_unread_until_a_file_it_came_from_changes(tree, tmp_path):
    out = tmp_path / "out"
    wrong = plan()
    wrong["title"] = 5
    write(tree / "plans" / "wrong.json", wrong)
    waiting = plan()
    waiting["budget"] = {"$include": "../_shared/next-year.json"}  # not written yet
    write(tree / "plans" / "waiting.json", waiting)
    first = batch(tree, "-o", out)
    assert first.exit_code == 1 and first.output.strip().endswith("6 rebuilt, 0 unchanged, 2 failed"), first.output
    failures = [line for line in first.output.splitlines() if "wrong.json" in line or "waiting.json" in line]
    assert any("5 is not of type 'string'" in line for line in failures) and any("next-year.json" in line for line in failures)
    probe = "\n".join(
        [
            "import sys",
            "from reportgen.cli import main",
            "try:",
            f"    main(['batch', {str(tree)!r}, '-o', {str(out)!r}])",
            "finally:",
            "    print(sorted(m for m in sys.modules if m.startswith(('reportgen.validate', 'reportgen.records', 'reportgen.pipeline'))))",
        ]
    )
    again = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    lines = (again.stdout + again.stderr).splitlines()
    assert "[]" in lines, lines  # nothing was read or validated again
    assert sorted(line for line in lines if "wrong.json" in line or "waiting.json" in line) == sorted(failures)
    assert "0 rebuilt, 6 unchanged, 2 failed" in lines
    write(tree / "_shared" / "next-year.json", plan()["budget"])  # the missing include appears
    result = batch(tree, "-o", out)
    assert rebuilt(result) == {"plans/waiting.json"} and result.output.strip().endswith("1 rebuilt, 6 unchanged, 1 failed")
    write(tree / "plans" / "wrong.json", plan())  # the record is corrected
    assert rebuilt(batch(tree, "-o", out)) == {"plans/wrong.json"}


def test_one_budget_edit_rebuilds_exactly_its_document(tree, tmp_path):
    out = tmp_path / "out"
    batch(tree, "-o", out, "-j", "1")
    before = {p: p.read_bytes() for p in out.rglob("*.docx")}
    data = plan()
    data["budget"]["rows"][1]["formula"] = "600천원×12개월"
    write(tree / "plans" / "plan-1.json", data)
    result = batch(tree, "-o", out)
    assert result.exit_code == 0, result.output
    assert rebuilt(result) == {"plans/plan-1.json"}
    assert (
        "plans/plan-1.json: 운영비 6,000 → 7,200; 계 130,000 → 131,200; '16년~'17년 130,000 → 131,200; 총사업비 336,000 → 338,400"
        in result.output
    )
    changed = {p for p in out.rglob("*.docx") if p.read_bytes() != before[p]}
    assert changed == {out / "plans" / "plan-1.docx"}
    doc = text(out / "plans" / "plan-1.docx")
    for sentence in (
        "사업예산: 338,400천원('15년 76,000천원)",
        "'16년~'17년: 년 131,200천원",
        "소요예산: 연간 131,200천원 이내",
        "계\t131,200",
        "7,200\t600천원×12개월",
    ):
        assert sentence in doc
    assert "130,000" not in doc


def test_shared_budget_edit_rebuilds_its_dependents(tree, tmp_path):
    out = tmp_path / "out"
    batch(tree, "-o", out)
    budget = json.loads((tree / "_shared" / "budget.json").read_text(encoding="utf-8"))
    budget["rows"][2]["rows"][0]["formula"] = "500천원 * 18개동"
    write(tree / "_shared" / "budget.json", budget)
    result = batch(tree, "-o", out, "--json")
    report = json.loads(result.output)
    assert {o["record"] for o in report["outcomes"] if o["status"] == "rebuilt"} == {"annual/shared-a.json", "annual/shared-b.json"}
    changes = {c["figure"]: (c["old"], c["new"]) for o in report["outcomes"] for c in o["changes"] if o["record"] == "annual/shared-a.json"}
    assert changes["total"] == (130000, 130500) and changes["programme"] == (24000, 24500)
    assert "24,500" in text(out / "annual" / "shared-b.docx")


def test_template_change_rebuilds_all_of_its_format(tree, tmp_path):
    out = tmp_path / "out"
    template = tmp_path / "office.docx"
    shutil.copy(Path(__file__).resolve().parents[1] / "templates" / "official.docx", template)
    batch(tree, "-o", out, "-f", "docx,hwpx", "--template", f"docx={template}")
    with open(template, "ab") as fh:  # any change of the template file counts
        fh.write(b"\0")
    result = batch(tree, "-o", out, "-f", "docx,hwpx", "--template", f"docx={template}")
    assert result.output.strip().endswith("6 rebuilt, 0 unchanged, 0 failed")


def test_an_invalid_record_fails_alone(tree, tmp_path):
    out = tmp_path / "out"
    bad = plan()
    bad["header"]["doc_number"] = "no number"
    write(tree / "plans" / "plan-2.json", bad)
    result = batch(tree, "-o", out)
    assert result.exit_code == 1
    assert "plan-2.json:$.header.doc_number: malformed 문서번호" in result.output
    assert result.output.strip().endswith("5 rebuilt, 0 unchanged, 1 failed")
    assert not (out / "plans" / "plan-2.docx").exists() and (out / "plans" / "plan-1.docx").exists()
    entry = Manifest(out, read_only=True).get("plans/plan-2.json")
    assert not entry["outputs"] and entry["refused"]["problems"]  # claims no output; kept to refuse it unread next time


def test_dry_run_writes_nothing(tree, tmp_path):
    out = tmp_path / "out"
    result = batch(tree, "-o", out, "--dry-run")
    assert result.exit_code == 0
    assert "6 would be rebuilt, 0 unchanged, 0 failed (dry run: nothing written)" in result.output and not out.exists()
    batch(tree, "-o", out)
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    data = plan()
    data["budget"]["rows"][0]["amount"] = 90000
    write(tree / "plans" / "plan-0.json", data)
    result = batch(tree, "-o", out, "--dry-run")
    assert "plans/plan-0.json: 인건비 100,000 → 90,000; 계 130,000 → 120,000" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_removed_records_are_reported_and_pruned(tree, tmp_path):
    out = tmp_path / "out"
    batch(tree, "-o", out, "-f", "docx,hwpx")
    (tree / "plans" / "plan-0.json").unlink()
    result = batch(tree, "-o", out, "-f", "docx,hwpx")
    assert "record removed: plans/plan-0.json" in result.output and (out / "plans" / "plan-0.docx").exists()
    result = batch(tree, "-o", out, "-f", "docx,hwpx", "--prune")
    assert not (out / "plans" / "plan-0.docx").exists() and not (out / "plans" / "plan-0.hwpx").exists()
    assert "record removed" not in batch(tree, "-o", out, "-f", "docx,hwpx").output


def test_second_batch_on_the_same_outdir_is_refused(tree, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("4242")
        fh.flush()
        result = batch(tree, "-o", out)
    assert result.exit_code == 3  # "locked" is not "invalid input": a script can wait and retry
    assert "is being written by another reportgen batch (pid 4242)" in result.output
    assert [p.name for p in out.iterdir()] == [LOCK]


def _many(root: Path, n: int) -> None:
    for i in range(n):
        data = plan()
        data["budget"]["rows"][1]["formula"] = f"{500 + i}천원×12개월"
        write(root / f"p{i:03d}.json", data)


def test_killed_batch_then_rerun_equals_clean_build(tmp_path):
    root = tmp_path / "records"
    _many(root, 120)
    command = [sys.executable, "-m", "reportgen.cli", "batch", str(root), "-f", "docx,hwpx", "-j", "2", "-o"]
    clean = tmp_path / "clean"
    subprocess.run(command + [str(clean)], check=True, capture_output=True)
    out = tmp_path / "out"
    proc = subprocess.Popen(command + [str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 10:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the workers too
    proc.wait()
    written = len(list(out.glob("*.docx")))
    assert 0 < written < 120, "the kill should land mid-run"
    rerun = subprocess.run(command + [str(out)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    files = lambda d: {p.relative_to(d): p.read_bytes() for p in d.rglob("*") if p.is_file() and not p.name.startswith(".")}  # noqa: E731
    assert files(out) == files(clean)
    assert not list(out.rglob("*.tmp"))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def test_killing_only_the_main_process_leaves_no_lock_and_no_workers(tmp_path):
    """kill -9 of the batch process alone (not its group): its workers must neither keep OUTDIR
    locked nor live on writing outputs; the next batch runs and gives a clean build."""
    root = tmp_path / "records"
    _many(root, 120)
    command = [sys.executable, "-m", "reportgen.cli", "batch", str(root), "-f", "docx,hwpx", "-j", "2", "-o"]
    clean = tmp_path / "clean"
    subprocess.run(command + [str(clean)], check=True, capture_output=True)
    out = tmp_path / "out"
    proc = subprocess.Popen(command + [str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 10:
            time.sleep(0.01)
        workers = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        assert workers  # -j 2: one worker beside this process (and multiprocessing's resource tracker)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only
        proc.wait()
        rerun = subprocess.run(command + [str(out)], capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr  # not refused as "being written by another batch"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "orphaned workers must exit"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of it, never leaked
        except ProcessLookupError:
            pass
    files = lambda d: {p.relative_to(d): p.read_bytes() for p in d.rglob("*") if p.is_file() and not p.name.startswith(".")}  # noqa: E731
    assert files(out) == files(clean)
    assert not list(out.rglob("*.tmp"))


def test_outputs_are_flushed_before_the_manifest_claims_them(tree, tmp_path, monkeypatch):
    """One flush of the file system per window, always before the commit that claims the files;
    no fsync per output file."""
    import reportgen.batch.claims as claims_module
    import reportgen.output as output

    out, events = tmp_path / "out", []
    monkeypatch.setattr(output.os, "fsync", lambda fd: events.append("fsync"))
    real_sync = output.sync_folder
    monkeypatch.setattr(claims_module, "sync_folder", lambda d: (events.append("sync"), real_sync(d)))
    real_commit = Manifest.commit

    def commit(self):
        claimed = self.records()
        events.append(
            ("commit", {r for r in claimed if all((out / o["path"]).exists() for o in self.get(r)["outputs"].values())} == claimed)
        )
        real_commit(self)

    monkeypatch.setattr(Manifest, "commit", commit)
    result = batch(tree, "-o", out, "-f", "docx,hwpx", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "fsync" not in events
    commits = [i for i, e in enumerate(events) if isinstance(e, tuple)]
    assert commits and all(events[i - 1] == "sync" and events[i][1] for i in commits)


def test_missing_libreoffice_fails_pdf_but_builds_the_rest(tree, tmp_path, monkeypatch):
    import reportgen.writers.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "out"
    result = batch(tree, "-o", out, "-f", "docx,pdf", "-j", "1")
    assert result.exit_code == 1
    assert "error: cannot write pdf: LibreOffice is not installed: apt-get install libreoffice-writer-nogui" in result.output
    assert (out / "plans" / "plan-0.docx").exists() and not list(out.rglob("*.pdf"))


def test_a_changed_photo_rebuilds_its_report(tree, tmp_path):
    out = tmp_path / "out"
    batch(tree, "-o", out, "-f", "docx")
    photo = tree / "photos" / "100days-2.png"
    photo.write_bytes((tree / "photos" / "100days-3.png").read_bytes())
    result = batch(tree, "-o", out, "-f", "docx")
    assert rebuilt(result) == {"result.json"}
    photo.unlink()  # a photo that goes missing rebuilds too (with its placeholder)
    result = batch(tree, "-o", out, "-f", "docx")
    assert rebuilt(result) == {"result.json"} and "image not found" in result.output


def test_records_writing_the_same_output_fail_both(tree, tmp_path):
    shutil.copy(tree / "plans" / "plan-0.json", tree / "plans" / "plan-0.yaml")
    result = batch(tree, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "plan-0.json: writes the same outputs as plans/plan-0.yaml" in result.output
    assert not (tmp_path / "out" / "plans" / "plan-0.docx").exists()


def test_prune_keeps_the_output_of_a_renamed_record(tree, tmp_path):
    out = tmp_path / "out"
    batch(tree, "-o", out)
    (tree / "plans" / "plan-0.json").rename(tree / "plans" / "plan-0.yaml")
    result = batch(tree, "-o", out, "--prune")
    assert result.exit_code == 0, result.output
    assert "plans/plan-0.yaml" in rebuilt(result) and (out / "plans" / "plan-0.docx").exists()


def test_an_output_that_cannot_be_written_fails_its_record_alone(tree, tmp_path):
    out = tmp_path / "out"
    (out / "plans" / "plan-1.docx").mkdir(parents=True)  # a folder where the output should go
    result = batch(tree, "-o", out, "-f", "docx,hwpx", "-j", "2")
    assert result.exit_code == 1, result.output
    assert "plan-1.json: cannot write its outputs" in result.output and "Traceback" not in result.output
    assert result.output.strip().endswith("5 rebuilt, 0 unchanged, 1 failed")
    assert not (out / "plans" / "plan-1.hwpx").exists()  # its formats land together or not at all


def test_a_missing_template_stops_before_anything_is_written(tree, tmp_path):
    out = tmp_path / "out"
    result = batch(tree, "-o", out, "--template", f"docx={tmp_path / 'nope.docx'}")
    assert result.exit_code == 1 and "cannot load the template" in result.output
    assert not out.exists()
    # The workers, started while the batch loads its writers, fail quietly: one line, no traceback.
    _many(tree / "more", 100)  # enough records for a worker
    command = [sys.executable, "-m", "reportgen.cli", "batch", str(tree), "-o", str(out), "-j", "2"]
    run = subprocess.run([*command, "--template", f"docx={tmp_path / 'nope.docx'}"], capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "cannot load the template" in run.stderr, run.stderr
    assert not out.exists()


def test_a_damaged_manifest_means_one_full_rebuild(tree, tmp_path):
    from reportgen.manifest import FILENAME

    out = tmp_path / "out"
    batch(tree, "-o", out)
    (out / FILENAME).write_bytes(b"not a database at all" * 100)
    result = batch(tree, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("6 rebuilt, 0 unchanged, 0 failed")
    assert batch(tree, "-o", out).output.strip() == "0 rebuilt, 6 unchanged, 0 failed"


def test_two_jobs_build_the_bytes_of_one_in_record_order(tmp_path):
    """-j 2: this process and one worker share the records (chunks no worker started are taken
    back at the end); the outputs, the manifest's claims and the order of the report are -j 1's."""
    from reportgen.batch import Batch

    root = tmp_path / "records"
    _many(root, 60)
    seen: dict[str, list[str]] = {}
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        seen[str(jobs)] = []
        report = Batch(root, out, ("docx", "hwpx"), jobs=jobs).run(lambda o, j=str(jobs): seen[j].append(o.record))
        assert report.summary() == "60 rebuilt, 0 unchanged, 0 failed"
    assert seen["2"] == seen["1"] == sorted(seen["1"])
    files = lambda d: {p.relative_to(d): p.read_bytes() for p in d.rglob("*") if p.is_file() and not p.name.startswith(".")}  # noqa: E731
    assert files(tmp_path / "j2") == files(tmp_path / "j1") and len(files(tmp_path / "j1")) == 120
    claims = lambda d: {r: Manifest(d, read_only=True).get(r)["outputs"] for r in seen["1"]}  # noqa: E731
    assert claims(tmp_path / "j2") == claims(tmp_path / "j1")
