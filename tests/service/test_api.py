"""The stateless API through the ASGI app: what comes back is what the CLI makes, errors carry the
CLI's messages and the right status."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from reportgen.pipeline import Renderer, build_document
from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines

from ..helpers import PLAN_EXAMPLE, PLAN_SEED, missing_in_order, seed_lines

JSON = {"content-type": "application/json"}
YAML = {"content-type": "application/yaml"}
FUZZ = Path(__file__).resolve().parents[1] / "data" / "fuzz"


def lines_of(data: bytes, fmt: str) -> list[str]:
    return docx_lines(data) if fmt == "docx" else hwpx_lines(data)


def test_validate_a_good_record(client, plan):
    r = client.post("/api/validate", json=plan)
    assert r.status_code == 200
    assert r.json() == {"valid": True, "problems": []}


def test_validate_finds_a_numbering_that_runs_out_across_lists(client):
    """As `reportgen validate` does: 8 overview lines and 8 items, all ㉮, count as one list of 16."""
    record = json.loads((FUZZ / "numbering-across-lists.json").read_text(encoding="utf-8"))
    r = client.post("/api/validate", json=record)
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["path"] == "$.body[7]" and "no circled Hangul glyph exists for item 15" in problem["text"]


def test_validate_reports_paths_as_the_cli_does(client, plan):
    plan["header"]["doc_number"] = "14947"
    plan["budget"]["rows"][1]["formula"] = "500천원×"
    r = client.post("/api/validate", json=plan)
    assert r.status_code == 422
    paths = [p["path"] for p in r.json()["problems"]]
    assert "$.header.doc_number" in paths
    text = r.json()["problems"][0]["text"]
    assert text.startswith("record:$.") and "malformed 문서번호" in text


def test_validate_takes_yaml(client, plan):
    r = client.post("/api/validate", content=yaml.safe_dump(plan, allow_unicode=True), headers=YAML)
    assert r.json()["valid"] is True


@pytest.mark.parametrize(
    "body, headers, where",
    [('{"kind": "plan",', JSON, (1, 17)), ("kind: plan\n  title: [", YAML, (2, 8)), ("[1, 2]", JSON, None)],
)
def test_malformed_body_is_400_with_its_line(client, body, headers, where):
    r = client.post("/api/validate", content=body, headers=headers)
    assert r.status_code == 400
    problem = r.json()["problems"][0]
    assert r.json()["error"].startswith("malformed record")
    if where:
        assert problem["line"] == where[0]


def test_not_utf8_is_400(client):
    r = client.post("/api/validate", content=b'{"kind": "\xff"}', headers=JSON)
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]


def test_other_content_types_are_415(client, plan):
    r = client.post("/api/render", content=json.dumps(plan), headers={"content-type": "text/html"})
    assert r.status_code == 415 and "application/json" in r.json()["error"]


@pytest.mark.parametrize("fmt", ["docx", "hwpx"])
def test_render_one_format_is_the_cli_document(client, plan, fmt):
    r = client.post(f"/api/render?format={fmt}", json=plan)
    assert r.status_code == 200
    assert r.headers["content-disposition"].endswith(f"UTF-8''%EC%9E%90%EC%B9%98%ED%96%89%EC%A0%95%EA%B3%BC-14947.{fmt}")
    assert missing_in_order(seed_lines(PLAN_SEED), lines_of(r.content, fmt)) == []
    # the same bytes the command line writes: one renderer, not two
    assert r.content == Renderer((fmt,)).render(build_document(PLAN_EXAMPLE))[fmt]


def test_render_several_formats_is_a_zip(client, plan):
    r = client.post("/api/render?format=docx,hwpx,html", json=plan)
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        names = zf.namelist()
        assert names == ["자치행정과-14947.docx", "자치행정과-14947.hwpx", "자치행정과-14947.html"]
        assert missing_in_order(seed_lines(PLAN_SEED), hwpx_lines(zf.read(names[1]))) == []


def test_download_named_from_title_without_doc_number(client, plan):
    del plan["header"]["doc_number"]
    plan["title"] = "찾아가는/동: 계획"
    r = client.post("/api/render?format=html", json=plan)  # a draft: no 문서번호 yet
    assert r.status_code == 200, r.text
    assert unquote(r.headers["content-disposition"].split("UTF-8''")[1]) == "찾아가는_동_ 계획.html"


def test_unknown_format_is_400_naming_the_field(client, plan):
    r = client.post("/api/render?format=docx,odt", json=plan)
    assert r.status_code == 400
    assert r.json()["field"] == "format" and "odt" in r.json()["error"]


def test_invalid_record_renders_nothing(client, plan):
    plan["budget"]["rows"][0]["amount"] = "many"
    r = client.post("/api/render?format=docx", json=plan)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/json"
    assert r.json()["problems"][0]["path"].startswith("$.budget.rows[0]")


@pytest.mark.parametrize(
    "where, value",
    [
        ("image", "/etc/passwd"),
        ("image", "../../../../etc/passwd"),
        ("image", "photos/../../x.png"),
        ("include", "/etc/passwd"),
        ("include", "../../../../etc/hosts.json"),
    ],
)
def test_server_paths_are_refused(client, plan, where, value):
    if where == "image":
        plan["body"].append({"image": value, "caption": "사진"})
        path = f"$.body[{len(plan['body']) - 1}].image"
    else:
        plan["budget"] = {"$include": value}
        path = "$.budget"
    for route in ("/api/render?format=html", "/api/validate"):
        r = client.post(route, json=plan)
        problems = r.json()["problems"]
        assert problems[0]["path"] == path, problems
        assert "never the server's" in problems[0]["message"] or "no such file" in problems[0]["message"]
        assert "root:" not in r.text
    assert client.post("/api/render?format=html", json=plan).status_code == 422


def test_schemas_and_starters(client):
    assert client.get("/api/schemas/plan").json()["title"]
    assert client.get("/api/schemas/common").status_code == 200
    assert client.get("/api/schemas/../../etc/passwd").status_code == 404
    bad = client.get("/api/schemas/memo")
    assert bad.status_code == 404 and bad.json()["field"] == "kind"
    for kind in ("plan", "result", "page"):
        starter = client.get(f"/api/starters/{kind}").json()
        assert starter["record"]["kind"] == kind
        assert client.post("/api/validate", json=starter["record"]).status_code == 200, kind


def test_budget_is_computed_by_the_budget_code(client, plan):
    r = client.post("/api/budget", json=plan["budget"])
    assert r.status_code == 200
    body = r.json()
    assert body["total_shown"] == "130,000"
    assert body["rows"][1]["amount"] == 6000 and body["rows"][1]["path"] == "$.budget.rows[1]"
    plan["budget"]["rows"][1]["formula"] = "600천원×12개월"
    stale = client.post("/api/budget", json=plan["budget"])  # the stated 계 no longer adds up
    assert stale.status_code == 422 and stale.json()["problems"][0]["path"] == "$.budget.total"
    for stated in ("total", "grand_total"):
        plan["budget"].pop(stated, None)
    assert client.post("/api/budget", json=plan["budget"]).json()["total_shown"] == "131,200"


def test_budget_errors_name_the_row(client, plan):
    plan["budget"]["rows"][1]["formula"] = "천원×12"
    r = client.post("/api/budget", json=plan["budget"])
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "$.budget.rows[1].formula"
    assert client.post("/api/budget", json={"rows": 3}).status_code == 422


NOTES = (PLAN_EXAMPLE.parent / "notes-chatdong-100days.md").read_text(encoding="utf-8")


def test_minutes_gives_the_result_record(client):
    r = client.post("/api/minutes", content=NOTES.encode(), headers={"content-type": "text/markdown"})
    assert r.status_code == 200, r.text
    assert r.json()["record"]["kind"] == "result"
    assert "회의" in r.json()["yaml"]


def test_minutes_renders_documents(client):
    r = client.post("/api/minutes?format=hwpx", content=NOTES.encode(), headers={"content-type": "text/markdown"})
    assert r.status_code == 200
    assert any("결과" in line for line in hwpx_lines(r.content))


def test_minutes_problems_carry_the_notes_line(client):
    broken = NOTES.replace("## 회의 개요", "## 총평", 1)  # 총평 belongs under 회의결과: an error at its line
    r = client.post("/api/minutes", content=broken.encode(), headers={"content-type": "text/markdown"})
    assert r.status_code == 422
    assert any(p["line"] for p in r.json()["problems"])


# -- import ---------------------------------------------------------------------------------------
def upload(client, name: str, data: bytes, ctype="application/octet-stream"):
    return client.post("/api/import", files={"file": (name, data, ctype)})


def test_import_a_docx(client, plan):
    docx = client.post("/api/render?format=docx", json=plan).content
    r = upload(client, "지난해.docx", docx)
    assert r.status_code == 200, r.text
    assert r.json()["record"]["title"] == plan["title"]
    assert r.json()["record"]["header"]["doc_number"] == "자치행정과-14947"


def test_import_refuses_another_type_than_claimed(client):
    from ..helpers import png

    r = upload(client, "plan.hwp", png())
    assert r.status_code == 415 and r.json()["field"] == "file"
    assert upload(client, "plan.txt", b"hello").status_code == 415


def test_import_refuses_xxe(client):
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        )
        zf.writestr("word/document.xml", xml)
    r = upload(client, "xxe.docx", buf.getvalue())
    assert r.status_code == 422, r.text
    assert "root:" not in r.text


def test_import_refuses_a_zip_bomb(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b"a" * (400 * 1024 * 1024))
    assert len(buf.getvalue()) < 2 * 1024 * 1024
    r = upload(client, "bomb.docx", buf.getvalue())
    assert r.status_code == 422, r.text


def test_import_refuses_a_password_protected_hwp(client, plan, tmp_path):
    import olefile

    hwp = client.post("/api/render?format=hwp", json=plan).content
    path = tmp_path / "locked.hwp"
    path.write_bytes(hwp)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        header = ole.openstream("FileHeader").read()
        (flags,) = struct.unpack_from("<I", header, 36)
        ole.write_stream("FileHeader", header[:36] + struct.pack("<I", flags | 0x02) + header[40:])
    r = upload(client, "locked.hwp", path.read_bytes())
    assert r.status_code == 422 and "password" in r.json()["error"]
