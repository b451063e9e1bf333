from __future__ import annotations

import os

import pytest

from reportgen.output import write_atomic


def test_write_creates_folders_and_replaces(tmp_path):
    target = tmp_path / "a" / "b.docx"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in target.parent.iterdir()] == ["b.docx"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "b.docx"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.docx"]


def test_a_temporary_left_by_a_killed_process_with_the_same_pid_is_stepped_over(tmp_path, monkeypatch):
    # pids repeat (in a container, from run to run): the names this write would take first are taken.
    import itertools

    from reportgen import output

    monkeypatch.setattr(output, "_serial", itertools.count())
    stale = [tmp_path / f".b.docx.{os.getpid()}-{n}.tmp" for n in (0, 1)]
    for path in stale:
        path.write_bytes(b"left behind")
    write_atomic(tmp_path / "b.docx", b"new")
    assert (tmp_path / "b.docx").read_bytes() == b"new"
    assert all(path.read_bytes() == b"left behind" for path in stale)  # not ours to remove
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["b.docx", *(p.name for p in stale)])
