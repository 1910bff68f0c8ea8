"""Repository rewards through /v1/grade and Client.grade_repo, on a real task (toolz 1.0.0 from PyPI
with an introduced bug, test/fixtures/swe). Skips when the release cannot be imported (no registry)."""
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, _start, _stop
from rlcf_client import Client

FX = ROOT / "test" / "fixtures" / "swe"


@pytest.fixture(scope="module")
def swe_server(tmp_path_factory):
    import os
    env = dict(os.environ)
    env.setdefault("RLCF_HOME", os.path.join(os.environ.get("TMPDIR", "/tmp"), "rlcf-test-state"))
    for args in (["pypi:toolz==1.0.0"], ["pypi:toolz==1.0.0", "--apply", str(FX / "toolz" / "bug.patch")]):
        r = subprocess.run(["node", str(ROOT / "bin" / "rlcf.js"), "repo", "import", *args], cwd=str(ROOT), env=env,
                           capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"cannot import toolz 1.0.0 from PyPI (registry unreachable?): {r.stderr.strip()[:200]}")
    p, url = _start(["--swe-instances", str(FX / "instances.jsonl")])
    yield url
    _stop(p)


def _instance(iid):
    for line in (FX / "instances.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["instance_id"] == iid:
            return row
    raise KeyError(iid)


def test_grade_repo_rewards(swe_server):
    c = Client(swe_server)
    row = _instance("pytoolz__toolz-1")
    wrong = row["patch"].replace("+        d[item] += 1", "+        d[item] = 2")
    by_id = {g["id"]: g for g in c.grade_repo({"pytoolz__toolz-1": row["patch"]})}
    g = by_id["pytoolz__toolz-1"]
    assert g["reward"] == 1 and g["passed"] and g["status"] == "ok"
    assert g["total_tests"] == len(json.loads(row["FAIL_TO_PASS"])) + len(json.loads(row["PASS_TO_PASS"]))
    # inline instance, the F2P-fraction reward: a wrong fix passes none of the FAIL_TO_PASS tests
    items = list(c.grade_repo({"x": wrong}, reward="f2p", instances={"x": {**row, "instance_id": "x"}}, stream=True))
    assert len(items) == 1 and items[0]["reward"] == 0 and not items[0]["passed"]
    assert any(t["message"].startswith("FAIL_TO_PASS") and not t["passed"] for t in items[0]["tests"])


def test_grade_repo_unknown_instance_is_400(swe_server):
    from rlcf_client import RlcfError
    with pytest.raises(RlcfError) as e:
        Client(swe_server, retries=0).grade_repo({"nope": "diff"})
    assert e.value.status == 400 and "unknown instance" in str(e.value)
