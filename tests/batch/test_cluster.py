"""Batch on a real Dask cluster: a scheduler and two workers started here on 127.0.0.1 (subprocesses,
stopped at the end), and a LocalCluster. The outputs must be the bytes of a local batch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.batch import Batch
from reportgen.cli import main
from reportgen.config import Config
from reportgen.manifest import Manifest
from reportgen.pipeline import prepare

from ..helpers import EXAMPLES, PLAN_EXAMPLE
from ..test_batch import write

DASK = Path(sys.executable).parent / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(*args: str) -> subprocess.Popen:
    # Own session: whatever the process starts is stopped with it.
    return subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


@pytest.fixture(scope="module")
def cluster():
    """`dask scheduler` and two `dask worker --nthreads 1` on 127.0.0.1; yields (address, workers)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [_start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")]
    workers: list[subprocess.Popen] = []
    try:
        _add_workers(address, workers, 2)
        yield address, workers
    finally:
        for proc in [*workers, *procs]:
            _stop(proc)


def _add_workers(address: str, workers: list, n: int) -> None:
    """Start workers until `n` are up (a test that kills one calls this to put the cluster back)."""
    from distributed import Client

    workers[:] = [w for w in workers if w.poll() is None]
    while len(workers) < n:
        # no nanny: a killed worker stays dead, its tasks must be run by the other
        workers.append(_start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"))
    with Client(address, timeout="60s", set_as_default=False) as client:
        client.wait_for_workers(n, timeout=120)


def plan(i: int) -> dict:
    data = json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))
    for key in ("total", "grand_total"):
        data["budget"].pop(key)
    data["budget"]["rows"][1]["formula"] = f"{500 + i}천원×12개월"
    return data


@pytest.fixture
def tree(tmp_path):
    """Plans, two sharing an included budget, a result report with its photos, and an invalid record."""
    root = tmp_path / "records"
    for i in range(8):
        write(root / "plans" / f"plan-{i}.json", plan(i))
    write(root / "_shared" / "budget.json", plan(0)["budget"])
    for name in ("shared-a", "shared-b"):
        data = plan(1)
        data["budget"] = {"$include": "../_shared/budget.json"}
        write(root / "annual" / f"{name}.yaml", data)  # JSON is YAML too
    shutil.copy(EXAMPLES / "result-chatdong-100days.json", root / "result.json")
    shutil.copytree(EXAMPLES / "photos", root / "photos")
    bad = plan(2)
    bad["header"]["doc_number"] = "no number"
    write(root / "bad.json", bad)
    return root


def files(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")}


def batch(*args):
    return CliRunner().invoke(main, ["batch", *[str(a) for a in args]])


def test_cluster_outputs_are_the_bytes_of_a_local_batch(cluster, tree, tmp_path):
    address, _ = cluster
    local = batch(tree, "-o", tmp_path / "local", "-f", "docx,hwpx", "-j", "1")
    remote = batch(tree, "-o", tmp_path / "remote", "-f", "docx,hwpx", "--cluster", address)
    assert remote.exit_code == 1, remote.output  # the invalid record fails alone, as locally
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())  # the same messages
    assert remote.output.strip().endswith("11 rebuilt, 0 unchanged, 1 failed")
    assert "bad.json:$.header.doc_number: malformed 문서번호" in remote.output
    assert files(tmp_path / "remote") == files(tmp_path / "local") and len(files(tmp_path / "local")) == 22
    # the manifest is the local one too: deps by the same names, so either can take over from the other
    mine, theirs = Manifest(tmp_path / "remote", read_only=True), Manifest(tmp_path / "local", read_only=True)
    assert {r: mine.get(r)["deps"] for r in mine.records()} == {r: theirs.get(r)["deps"] for r in theirs.records()}
    again = batch(tree, "-o", tmp_path / "remote", "-f", "docx,hwpx", "--cluster", address, "--json")
    report = json.loads(again.output)
    assert report["summary"] == {"rebuilt": 0, "would_rebuild": 0, "unchanged": 11, "failed": 1, "dry_run": False}
    local_then_cluster = batch(tree, "-o", tmp_path / "local", "-f", "docx,hwpx", "--cluster", address)
    assert "0 rebuilt, 11 unchanged, 1 failed" in local_then_cluster.output


def test_a_shared_include_edit_and_a_new_photo_travel_to_the_workers(cluster, tree, tmp_path):
    address, _ = cluster
    out = tmp_path / "out"
    assert batch(tree, "-o", out, "--cluster", address).exit_code == 1
    budget = json.loads((tree / "_shared" / "budget.json").read_text(encoding="utf-8"))
    budget["rows"][2]["rows"][0]["formula"] = "500천원 * 18개동"
    write(tree / "_shared" / "budget.json", budget)
    result = json.loads((tree / "result.json").read_text(encoding="utf-8"))
    shutil.copy(tree / "photos" / "100days-1.png", tree / "photos" / "new.png")
    result["appendix"] = result.get("appendix", []) + [{"image": "photos/new.png", "caption": "새 사진"}]
    write(tree / "result.json", result)
    remote = batch(tree, "-o", out, "--cluster", address, "--json")
    report = json.loads(remote.output)
    assert {o["record"] for o in report["outcomes"] if o["status"] == "rebuilt"} == {
        "annual/shared-a.yaml",
        "annual/shared-b.yaml",
        "result.json",
    }
    batch(tree, "-o", tmp_path / "local", "-j", "1")
    assert files(out) == files(tmp_path / "local")
    assert "photos/new.png" in Manifest(out, read_only=True).get("result.json")["deps"]


def test_workers_read_only_what_the_client_folder_allows(cluster, tree, tmp_path):
    """An include that leads out of the records folder (a symlink) is refused by the client's
    resolver, word for word as locally; the worker never gets the target's bytes."""
    address, _ = cluster
    secret = tmp_path / "secret.json"
    secret.write_text('{"rows": [{"name": "TOP-SECRET", "amount": 1}]}', encoding="utf-8")
    (tree / "_shared" / "link.json").symlink_to(secret)
    data = plan(4)
    data["budget"] = {"$include": "../_shared/link.json"}
    write(tree / "plans" / "plan-4.json", data)
    local = batch(tree, "-o", tmp_path / "local", "-j", "1")
    remote = batch(tree, "-o", tmp_path / "remote", "--cluster", address)
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())
    assert "outside the records folder" in remote.output and "TOP-SECRET" not in remote.output
    assert not (tmp_path / "remote" / "plans" / "plan-4.docx").exists()


def test_dry_run_and_prune_on_the_cluster(cluster, tree, tmp_path):
    address, _ = cluster
    out = tmp_path / "out"
    dry = batch(tree, "-o", out, "--cluster", address, "--dry-run")
    assert "11 would be rebuilt, 0 unchanged, 1 failed (dry run: nothing written)" in dry.output and not out.exists()
    batch(tree, "-o", out, "--cluster", address)
    (tree / "plans" / "plan-0.json").unlink()
    pruned = batch(tree, "-o", out, "--cluster", address, "--prune")
    assert "pruned plans/plan-0.docx" in pruned.output and not (out / "plans" / "plan-0.docx").exists()


def test_records_from_a_workspace_bundle_render_on_the_cluster(cluster):
    """The service's path: records held in memory (a BundleResolver), rendered by the same workers."""
    from reportgen.batch.cluster import Cluster
    from reportgen.pipeline import Renderer
    from reportgen.sources import BundleResolver, Origin

    files = {
        "plans/a.json": json.dumps(plan(3), ensure_ascii=False).encode(),
        "result.json": (EXAMPLES / "result-chatdong-100days.json").read_bytes(),
    }
    files |= {f"photos/{p.name}": p.read_bytes() for p in (EXAMPLES / "photos").glob("*.png")}
    workspace = BundleResolver(files, label="workspace:")
    renderer = Renderer(("docx", "hwpx"))
    with Cluster(cluster[0]) as remote:
        got = {
            name: (result, outputs)
            for name, result, outputs in remote.render(workspace, ["plans/a.json", "result.json"], ("docx", "hwpx"), Config())
        }
    for name in ("plans/a.json", "result.json"):
        result, outputs = got[name]
        assert result["problems"] == [] and outputs == renderer.render(prepare(Origin(workspace, name)).document)
    assert "photos/100days-1.png" in got["result.json"][0]["deps"]


def test_a_worker_killed_mid_batch_costs_nothing(cluster, tmp_path):
    address, workers = cluster
    root = tmp_path / "records"
    for i in range(60):
        write(root / f"p{i:02d}.json", plan(i))
    batch(root, "-o", tmp_path / "local", "-f", "docx,hwpx", "-j", "1")
    seen = []

    def progress(outcome):
        seen.append(outcome)
        if len(seen) == 3:
            # Let the tasks in flight finish and their results reach this client first: a result
            # already fetched from the worker about to die is a result (its future then turns
            # "lost" and Dask recomputes it; 2 of 60 records once failed on that race).
            time.sleep(2)
            workers[0].send_signal(signal.SIGKILL)  # the first worker, mid-run

    killed = workers[0]
    try:
        report = Batch(root, tmp_path / "out", ("docx", "hwpx"), cluster=address, chunk=2).run(progress)
    finally:
        killed.wait()
        _add_workers(address, workers, 2)
    assert killed.returncode == -signal.SIGKILL
    assert report.count("rebuilt") == 60 and report.count("failed") == 0
    assert files(tmp_path / "out") == files(tmp_path / "local")


def test_a_client_killed_mid_run_leaves_what_a_local_batch_leaves(cluster, tmp_path):
    """kill -9 of `reportgen batch --cluster` mid-run: old-or-new files, a manifest that claims only
    what is on disk; the next run completes it into the bytes of a clean local build."""
    address, _ = cluster
    root = tmp_path / "records"
    for i in range(80):
        write(root / f"p{i:02d}.json", plan(i))
    batch(root, "-o", tmp_path / "local", "-f", "docx,hwpx", "-j", "1")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "reportgen.cli", "batch", str(root), "-o", str(out), "-f", "docx,hwpx", "--cluster", address]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob("*.hwpx"))) < 5:
            time.sleep(0.01)
    finally:
        _stop(proc)
    claimed = Manifest(out, read_only=True)
    for rel in claimed.records():
        for output in claimed.get(rel)["outputs"].values():
            assert (out / output["path"]).stat().st_size == output["size"]
    claimed.db.close()
    rerun = batch(root, "-o", out, "-f", "docx,hwpx", "--cluster", address)
    assert rerun.exit_code == 0, rerun.output
    assert files(out) == files(tmp_path / "local")
    assert not list(out.rglob("*.tmp"))


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(tree, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(tree), "-o", str(out)], env={"REPORTGEN_CLUSTER": f"tcp://127.0.0.1:{_free_port()}"})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:"), result.output
    assert not out.exists()


def test_a_local_cluster(tree, tmp_path):
    remote = batch(tree, "-o", tmp_path / "remote", "--cluster", "local:2")
    assert remote.output.strip().endswith("11 rebuilt, 0 unchanged, 1 failed"), remote.output
    batch(tree, "-o", tmp_path / "local", "-j", "1")
    assert files(tmp_path / "remote") == files(tmp_path / "local")
