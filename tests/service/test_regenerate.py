"""A service started with a Dask cluster regenerates the records that use an edited shared file on
the cluster's workers (issue 12): the same report and the same documents as its own render threads."""

from __future__ import annotations

import yaml

from .conftest import make_client
from .test_workspace import create, save


def edit_shared_budget(client, plan) -> tuple[dict, list[int]]:
    budget = plan["budget"]
    assert create(client, "_shared/budget-2015.yaml", yaml.safe_dump(budget, allow_unicode=True)).status_code == 201
    ids = [
        create(client, name, dict(plan, budget={"$include": "../_shared/budget-2015.yaml"})).json()["id"]
        for name in ("동부/plan.json", "서부/plan.json")
    ]
    broken = dict(plan, budget={"$include": "../_shared/budget-2015.yaml"}, title="다른 계획")
    ids.append(create(client, "북부/plan.json", broken).json()["id"])
    shared = next(i for i in client.get("/api/workspace").json() if i["kind"] == "shared")
    budget["rows"][1]["formula"] = "600천원×12개월"
    for stated in ("total", "grand_total"):
        budget.pop(stated, None)
    budget["rows"][0]["amount"] = "많이"  # not an amount: every record using it fails, each alone
    failing = save(client, shared["id"], yaml.safe_dump(budget, allow_unicode=True), 1)
    assert failing.status_code == 200, failing.text
    budget["rows"][0]["amount"] = 100000
    r = save(client, shared["id"], yaml.safe_dump(budget, allow_unicode=True), 2)
    assert r.status_code == 200, r.text
    return [failing.json()["rebuilt"], r.json()["rebuilt"]], ids


def test_the_cluster_regenerates_what_the_threads_would(tmp_path, plan):
    documents, reports = [], []
    for where, settings in (("threads", {}), ("cluster", {"cluster": "local:1"})):
        with make_client(tmp_path / where, **settings) as client:
            saved, ids = edit_shared_budget(client, json_copy(plan))
            reports.append(saved)
            documents.append(
                [client.get(f"/api/workspace/items/{i}/download?format={fmt}").content for i in ids for fmt in ("docx", "hwpx")]
            )
    assert reports[0] == reports[1]
    failed, rebuilt = reports[1]
    assert {r["status"] for r in failed} == {"failed"} and all("$.budget.rows[0].amount" in r["problems"][0] for r in failed)
    assert {r["status"] for r in rebuilt} == {"rebuilt"} and "계 130,000 → 131,200" in rebuilt[0]["changes"]
    assert documents[0] == documents[1]


def json_copy(data):
    import json

    return json.loads(json.dumps(data))
