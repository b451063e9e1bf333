"""reportgen/cache.py: where the cache lives, and that only whole, intact entries are read back."""

from __future__ import annotations

from pathlib import Path

from reportgen import cache


def test_the_folder_is_the_users_not_the_repositorys(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "reportgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "reportgen"
    monkeypatch.setenv(cache.ENV, str(tmp_path / "mine"))
    assert cache.folder() == tmp_path / "mine"
    assert Path(__file__).resolve().parents[1] not in cache.folder().parents


def test_an_entry_reads_back_whole_or_not_at_all(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert cache.read("kind", "key") is None
    cache.write("kind", "key", b"prepared")
    assert cache.read("kind", "key") == b"prepared"
    assert [p.name for p in (tmp_path / "kind").iterdir()] == ["key"]  # no temporary left behind
    entry = tmp_path / "kind" / "key"
    whole = entry.read_bytes()
    for damaged in (whole[:-1], whole[:-1] + b"X", b"", b"prepared", whole.replace(b"reportgen", b"Reportgen")):
        entry.write_bytes(damaged)
        assert cache.read("kind", "key") is None


def test_a_cache_that_cannot_be_written_is_no_error(monkeypatch, tmp_path):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "file" / "below"))
    cache.write("kind", "key", b"data")
    assert cache.read("kind", "key") is None
