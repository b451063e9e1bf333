"""The stored workspace: versions with who and when, saves that regenerate documents, shared budgets
that regenerate every record using them with batch's figure report, and no lost update (409)."""

from __future__ import annotations

import json
import threading
from urllib.parse import quote

import yaml

from reportgen.readers.docx import docx_lines
from reportgen.readers.hwpx import hwpx_lines

from ..helpers import PLAN_SEED, missing_in_order, png, seed_lines


def create(client, path, content, user="박성춘"):
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=1)
    return client.post("/api/workspace/items", json={"path": path, "content": text}, headers={"X-Reportgen-User": quote(user)})


def save(client, item, content, version, user="박성춘"):
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=1)
    return client.put(f"/api/workspace/items/{item}", json={"version": version, "content": text}, headers={"X-Reportgen-User": quote(user)})


def test_create_save_download_and_history(client, plan):
    r = create(client, "2015/찾아가는-동.json", plan)
    assert r.status_code == 201, r.text
    item = r.json()
    assert item["version"] == 1 and item["kind"] == "record"
    assert item["build"]["formats"] == ["docx", "html", "hwpx"]
    docx = client.get(f"/api/workspace/items/{item['id']}/download?format=docx")
    assert missing_in_order(seed_lines(PLAN_SEED), docx_lines(docx.content)) == []
    assert "자치행정과-14947.docx" in docx.headers["content-disposition"] or "14947.docx" in docx.headers["content-disposition"]

    plan["budget"]["rows"][1]["formula"] = "600천원×12개월"
    for stated in ("total", "grand_total"):
        plan["budget"].pop(stated, None)
    r = save(client, item["id"], plan, 1, user="이민채")
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    assert "계 130,000 → 131,200" in r.json()["changes"]
    hwpx = client.get(f"/api/workspace/items/{item['id']}/download?format=hwpx").content
    assert any("131,200" in line for line in hwpx_lines(hwpx))

    history = client.get(f"/api/workspace/items/{item['id']}/history").json()
    assert [(h["version"], h["author"]) for h in history] == [(2, "이민채"), (1, "박성춘")]
    assert "계 130,000 → 131,200" in history[0]["summary"]
    first = client.get(f"/api/workspace/items/{item['id']}/versions/1").text
    assert json.loads(first)["budget"]["total"] == 130000
    listing = client.get("/api/workspace").json()
    assert listing[0]["title"] == plan["title"] and listing[0]["version"] == 2


def test_a_second_save_of_the_same_version_is_409(client, plan):
    item = create(client, "a.json", plan).json()
    plan["title"] = "첫 번째 수정"
    assert save(client, item["id"], plan, 1).status_code == 200
    plan["title"] = "두 번째 수정"
    r = save(client, item["id"], plan, 1)
    assert r.status_code == 409 and r.json()["current_version"] == 2
    assert json.loads(client.get(f"/api/workspace/items/{item['id']}").json()["content"])["title"] == "첫 번째 수정"


def test_concurrent_saves_lose_nothing(client, plan):
    item = create(client, "a.json", plan).json()
    answers = []

    def one(n):
        edited = dict(plan, title=f"수정 {n}")
        answers.append(save(client, item["id"], edited, 1).status_code)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409, 409, 409]
    assert len(client.get(f"/api/workspace/items/{item['id']}/history").json()) == 2


def test_invalid_save_stores_nothing(client, plan):
    item = create(client, "a.json", plan).json()
    plan["header"]["approved_on"] = "2015-02-30"
    r = save(client, item["id"], plan, 1)
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "$.header.approved_on"
    assert r.json()["problems"][0]["text"].startswith("a.json:$.header.approved_on")
    assert save(client, item["id"], "{not json", 1).status_code == 400
    assert len(client.get(f"/api/workspace/items/{item['id']}/history").json()) == 1
    bad = create(client, "b.json", dict(plan, kind="memo"))
    assert bad.status_code == 422
    assert [i["path"] for i in client.get("/api/workspace").json()] == ["a.json"]


def test_bad_paths_store_nothing(client, plan):
    for path in ("../x.json", "/etc/x.json", "a/../../x.json", "a.txt", ".hidden/x.json"):
        assert create(client, path, plan).status_code == 400, path
    plan["budget"] = {"$include": "../../../etc/passwd"}
    r = create(client, "a.json", plan)
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "$.budget"
    plan["budget"] = {"$include": "/etc/hosts.json"}
    assert create(client, "a.json", plan).status_code == 422
    assert client.get("/api/workspace").json() == []


def test_a_shared_budget_edit_rebuilds_every_record_using_it(client, plan):
    budget = plan["budget"]
    assert create(client, "_shared/budget-2015.yaml", yaml.safe_dump(budget, allow_unicode=True)).status_code == 201
    ids = []
    for name in ("동부/plan.json", "서부/plan.json"):
        rec = dict(plan, budget={"$include": "../_shared/budget-2015.yaml"})
        r = create(client, name, rec)
        assert r.status_code == 201, r.text
        assert r.json()["build"]["deps"] == ["_shared/budget-2015.yaml"]
        ids.append(r.json()["id"])
    other = create(client, "남부/plan.json", plan).json()  # its own budget: untouched

    shared = next(i for i in client.get("/api/workspace").json() if i["kind"] == "shared")
    budget["rows"][1]["formula"] = "600천원×12개월"
    for stated in ("total", "grand_total"):
        budget.pop(stated, None)
    r = save(client, shared["id"], yaml.safe_dump(budget, allow_unicode=True), 1, user="예산담당")
    assert r.status_code == 200, r.text
    rebuilt = {x["path"]: x for x in r.json()["rebuilt"]}
    assert set(rebuilt) == {"동부/plan.json", "서부/plan.json"}
    assert all("계 130,000 → 131,200" in x["changes"] for x in rebuilt.values())
    for item_id in ids:
        hwpx = client.get(f"/api/workspace/items/{item_id}/download?format=hwpx").content
        assert any("131,200" in line for line in hwpx_lines(hwpx))
    assert client.get(f"/api/workspace/items/{other['id']}").json()["version"] == 1
    history = client.get(f"/api/workspace/items/{shared['id']}/history").json()
    assert history[0]["author"] == "예산담당" and "동부/plan.json: 운영비 6,000 → 7,200; 계 130,000 → 131,200" in history[0]["summary"]


def test_photos_are_uploaded_and_shown(client, plan):
    r = client.post("/api/workspace/photos", files={"file": ("현장.png", png(64, 32), "image/png")})
    assert r.status_code == 201, r.text
    assert r.json()["path"] == "photos/현장.png"
    plan["body"].append({"image": "../photos/현장.png", "caption": "현장 사진"})
    r = create(client, "plans/a.json", plan)
    assert r.status_code == 201 and r.json()["build"]["warnings"] == []
    assert r.json()["build"]["deps"] == ["photos/현장.png"]
    assert client.post("/api/workspace/photos", files={"file": ("x.png", b"not an image", "image/png")}).status_code == 415
    assert client.post("/api/workspace/photos", files={"file": ("../../x.png", png(), "image/png")}).status_code == 201  # the name only


def test_a_missing_photo_is_a_placeholder_as_on_the_command_line(client, plan):
    plan["body"].append({"image": "photos/none.png", "caption": "없는 사진"})
    r = create(client, "a.json", plan)
    assert r.status_code == 201
    assert "placeholder" in r.json()["build"]["warnings"][0]


def test_unknown_items(client):
    assert client.get("/api/workspace/items/99").status_code == 404
    assert client.get("/api/workspace/items/99/history").status_code == 404
    assert client.put("/api/workspace/items/99", json={"version": 1, "content": "{}"}).status_code == 404
