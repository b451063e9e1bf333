"""A batch's manifest rows are committed a window at a time, each behind a flush of the outputs
it claims, from a thread of their own while the batch goes on."""

from __future__ import annotations

import signal
import threading
import time

import pytest

import reportgen.batch.claims as claims_module
from reportgen.batch.claims import Claims
from reportgen.manifest import Manifest

ROW = {"deps": {}, "figures": {}, "outputs": {}}


def committed(out, record):
    """The row another process would read now (a connection of its own)."""
    reader = Manifest(out, read_only=True)
    try:
        return reader.get(record)
    finally:
        reader.db.close()


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def manifest(tmp_path):
    m = Manifest(tmp_path)
    yield m
    m.close()


def test_rows_put_while_a_window_is_flushed_wait_for_the_next_flush(tmp_path, manifest, monkeypatch):
    events, release = [], threading.Event()

    def slow_sync(folder):
        events.append("sync")
        assert release.wait(10)

    monkeypatch.setattr(claims_module, "sync_folder", slow_sync)
    claims = Claims(manifest, tmp_path, window=0)
    claims.put("a.json", {**ROW, "figures": {"n": ["a", 1]}})
    claims.tick()  # a's window goes to the background, which waits in its flush
    wait_for(lambda: events == ["sync"])
    claims.put("b.json", ROW)  # written after that flush began: not covered by it
    claims.tick()  # the last window is still being committed: b waits
    assert committed(tmp_path, "a.json") is None  # not claimed before its flush is done
    assert claims.get("a.json")["figures"] == {"n": ["a", 1]} and claims.records() == {"a.json", "b.json"}  # read as put
    release.set()
    wait_for(lambda: committed(tmp_path, "a.json") is not None)
    assert committed(tmp_path, "b.json") is None and events == ["sync"]
    claims.finish()
    assert events == ["sync", "sync"] and committed(tmp_path, "b.json") == ROW


def test_reads_see_the_rows_not_yet_committed(tmp_path, manifest):
    manifest.put("old.json", ROW)
    manifest.put("gone.json", ROW)
    manifest.commit()
    claims = Claims(manifest, tmp_path, window=60)
    claims.put("new.json", {**ROW, "deps": {"new.json": "x"}})
    claims.delete("gone.json")
    assert claims.get("new.json")["deps"] == {"new.json": "x"} and claims.get("gone.json") is None
    assert claims.get("old.json") == ROW
    assert claims.records() == {"old.json", "new.json"}
    claims.tick()  # the window is not over: nothing committed yet
    assert committed(tmp_path, "new.json") is None and committed(tmp_path, "gone.json") == ROW
    claims.finish()
    assert committed(tmp_path, "new.json") is not None and committed(tmp_path, "gone.json") is None


def test_a_failed_flush_claims_nothing_and_stops_the_batch(tmp_path, manifest, monkeypatch):
    def full_disk(folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(claims_module, "sync_folder", full_disk)
    claims = Claims(manifest, tmp_path, window=0)
    claims.put("a.json", ROW)
    claims.tick()
    with pytest.raises(OSError, match="No space left"):
        claims.finish()
    assert committed(tmp_path, "a.json") is None


def test_nothing_claimed_nothing_flushed(tmp_path, manifest, monkeypatch):
    syncs = []
    monkeypatch.setattr(claims_module, "sync_folder", syncs.append)
    claims = Claims(manifest, tmp_path, window=0)
    claims.tick()
    claims.finish()
    assert syncs == []


def test_a_second_ctrl_c_never_closes_the_manifest_under_its_commit(tmp_path, manifest, monkeypatch):
    """Closing waits for the commit in flight even when Ctrl-C interrupts the wait (sqlite would
    crash the process, closed under a running statement); the interrupt is raised after."""
    release = threading.Event()
    monkeypatch.setattr(claims_module, "sync_folder", lambda folder: release.wait(10))
    claims = Claims(manifest, tmp_path, window=0)
    claims.put("a.json", ROW)
    claims.tick()

    def ctrl_c(*_):
        threading.Timer(0.2, release.set).start()  # the flush ends after the interrupt
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, ctrl_c)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        with pytest.raises(KeyboardInterrupt):
            claims.close()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert claims._failure is None and committed(tmp_path, "a.json") == ROW  # its commit ran to the end on an open connection
