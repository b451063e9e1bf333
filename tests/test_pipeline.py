from __future__ import annotations

import json
import shutil

import pytest

from reportgen.errors import InvalidRecord
from reportgen.pipeline import MISSING, Renderer, prepare

from .helpers import PLAN_EXAMPLE, RESULT_EXAMPLE


def test_prepare_tracks_every_source_file():
    prepared = prepare(RESULT_EXAMPLE)
    names = [name.rsplit("/", 1)[-1] for name in prepared.sources]
    assert names[0] == RESULT_EXAMPLE.name
    assert sorted(names[1:]) == [f"100days-{i}.png" for i in range(1, 5)]
    assert MISSING not in prepared.sources.values()


def test_a_missing_photo_is_tracked_as_missing(tmp_path):
    shutil.copy(RESULT_EXAMPLE, tmp_path / "r.json")
    prepared = prepare(tmp_path / "r.json")
    assert list(prepared.sources.values())[1:] == [MISSING] * 4
    assert len(prepared.document.warnings) == 4


def test_render_file_writes_nothing_for_an_invalid_record(tmp_path):
    data = json.loads(PLAN_EXAMPLE.read_text(encoding="utf-8"))
    data["header"]["disclosure"] = "비밀"
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidRecord):
        Renderer(("docx", "hwpx")).render_file(tmp_path / "bad.json", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_renderer_reuses_its_writers():
    renderer = Renderer(("docx", "html"))
    doc = prepare(PLAN_EXAMPLE).document
    first = renderer.render(doc)
    assert set(first) == {"docx", "html"} and renderer.render(doc) == first
    assert renderer.unavailable == {}
