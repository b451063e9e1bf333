"""The resolver seam: every file a record reads stays inside its records folder (or its bundle)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.errors import InvalidRecord
from reportgen.model import Image
from reportgen.pipeline import Renderer, prepare
from reportgen.records import load_sources
from reportgen.sources import BundleResolver, FolderResolver, Origin, Recorder, Refused, join, records_root

from .helpers import RESULT_EXAMPLE, png

SECRET = "root:x:0:0:the secret line"
PLAN = {
    "kind": "plan",
    "header": {"doc_number": "과-1", "approved_on": "2015-08-21", "disclosure": "공개"},
    "approval": {"signers": [{"title": "주무관", "name": "홍길동"}]},
    "title": "t",
    "body": ["p"],
}


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    """records/ (the records folder) beside outside/ (a file records must not reach)."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(f"rows: [{{name: '{SECRET}', amount: 1}}]\n", encoding="utf-8")
    (tmp_path / "outside" / "photo.png").write_bytes(png(8, 6))
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "reportgen.toml").write_text("", encoding="utf-8")  # marks the records folder
    return tmp_path


@pytest.mark.parametrize(
    "base, ref, name",
    [
        ("a.json", "b.json", "b.json"),
        ("plans/a.json", "../_shared/b.json", "_shared/b.json"),
        ("plans/a.json", "./x/../b.json", "plans/b.json"),
        ("a.json", "../b.json", None),
        ("plans/a.json", "../../b.json", None),
        ("a.json", "/etc/passwd", None),
        ("a.json", "a\\b.json", None),
        ("a.json", "", None),
    ],
)
def test_join_stays_below_the_root(base, ref, name):
    assert join(base, ref) == name


def test_a_symlinked_include_cannot_leave_the_folder(tree):
    os.symlink(tree / "outside" / "secret.yaml", tree / "records" / "_x.yaml")
    write(tree / "records" / "plan.json", {**PLAN, "budget": {"$include": "_x.yaml"}})
    with pytest.raises(InvalidRecord) as err:
        prepare(tree / "records" / "plan.json")
    message = str(err.value.problems[0])
    assert "$.budget: cannot include _x.yaml is outside the records folder" in message
    assert SECRET not in message and "secret" not in message  # neither the content nor the target's name


@pytest.mark.parametrize("ref", ["../outside/secret.yaml", "/etc/passwd.yaml", "../outside/nothing-here.yaml"])
def test_an_include_outside_is_refused_alike_whether_it_exists_or_not(tree, ref):
    write(tree / "records" / "plan.json", {**PLAN, "budget": {"$include": ref}})
    with pytest.raises(InvalidRecord) as err:
        prepare(tree / "records" / "plan.json")
    assert str(err.value.problems[0]).endswith(
        f"$.budget: cannot include {ref} is outside the records folder {tree / 'records'}; give --allow-outside PATH to use files elsewhere"
    )


def test_allow_outside_lets_a_person_include_a_file_elsewhere(tree):
    write(tree / "records" / "plan.json", {**PLAN, "budget": {"$include": "../outside/secret.yaml"}})
    result = CliRunner().invoke(
        main, ["validate", str(tree / "records" / "plan.json"), "--allow-outside", str(tree / "outside")], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("ref", ["/etc/passwd", "../outside/photo.png"])
def test_a_photo_outside_prints_a_placeholder_without_reading_it(tree, ref):
    record = {**PLAN, "body": [{"image": ref, "caption": "사진"}]}
    write(tree / "records" / "plan.json", record)
    prepared = prepare(tree / "records" / "plan.json")
    image = next(b for b in prepared.document.body if isinstance(b, Image))
    assert image.missing and image.source == ""  # nothing read, nothing tracked
    assert any("is outside the records folder" in w for w in prepared.document.warnings)
    assert list(prepared.sources) == ["plan.json"]


def test_a_photo_inside_is_read_through_the_resolver(tree):
    (tree / "records" / "photos").mkdir()
    (tree / "records" / "photos" / "1.png").write_bytes(png(8, 6))
    write(tree / "records" / "plans" / "p.json", {**PLAN, "body": [{"image": "../photos/1.png"}]})
    prepared = prepare(tree / "records" / "plans" / "p.json")
    image = next(b for b in prepared.document.body if isinstance(b, Image))
    assert image.photo.pixels == (8, 6) and image.source == "photos/1.png" and image.name == "1.png"
    assert list(prepared.sources) == ["plans/p.json", "photos/1.png"]


def test_records_root_is_the_settings_folder_else_the_working_folder(tree, monkeypatch):
    write(tree / "records" / "deep" / "a.json", PLAN)
    assert records_root(tree / "records" / "deep" / "a.json") == tree / "records"
    write(tree / "loose" / "sub" / "b.json", PLAN)
    monkeypatch.chdir(tree / "loose")
    assert records_root(tree / "loose" / "sub" / "b.json") == tree / "loose"
    monkeypatch.chdir(tree / "outside")
    assert records_root(tree / "loose" / "sub" / "b.json") == tree / "loose" / "sub"


def test_a_bundle_reads_nothing_from_disk():
    bundle = BundleResolver(
        {
            "plans/a.json": json.dumps({**PLAN, "budget": {"$include": "../_shared/b.json"}}).encode(),
            "_shared/b.json": b'{"rows": [{"name": "x", "amount": 5}]}',
        },
        label="workspace:",
    )
    data, sources = load_sources(bundle, "plans/a.json")
    assert data["budget"]["rows"][0]["amount"] == 5 and list(sources) == ["plans/a.json", "_shared/b.json"]
    with pytest.raises(Refused, match="outside the workspace"):
        bundle.name_of("../../etc/passwd", "plans/a.json")
    with pytest.raises(Refused, match="not found"):
        bundle.read("etc/passwd")
    assert bundle.display("plans/a.json") == "workspace:plans/a.json"


def test_a_recorded_bundle_renders_the_same_bytes_without_the_folder():
    """What a Dask worker or the service does: the bundle alone gives the document the folder gives."""
    folder, name = FolderResolver.for_file(RESULT_EXAMPLE)
    recorder = Recorder(folder)
    renderer = Renderer(("docx", "hwpx", "html"))
    from_folder = renderer.render(prepare(Origin(recorder, name)).document)
    bundle = recorder.bundle()
    folder_name = name.rpartition("/")[0] + "/" if "/" in name else ""
    assert sorted(bundle.files) == sorted([name] + [f"{folder_name}photos/100days-{i}.png" for i in range(1, 5)])
    assert renderer.render(prepare(Origin(bundle, name)).document) == from_folder


def test_a_name_is_shown_relative_to_the_working_folder_of_the_moment(tmp_path, monkeypatch):
    """display() is asked several times per record (kept), but always from where the process is now."""
    (tmp_path / "records" / "a").mkdir(parents=True)
    resolver = FolderResolver(tmp_path / "records")
    monkeypatch.chdir(tmp_path / "records")
    assert resolver.display("a/x.json") == resolver.display("a/x.json") == "a/x.json"
    monkeypatch.chdir(tmp_path)
    assert resolver.display("a/x.json") == "records/a/x.json"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert resolver.display("a/x.json") == os.path.join(os.path.realpath(tmp_path), "records", "a", "x.json")
