"""rlcf_client against the real server: grade, stream, run, async, errors, auth."""
import asyncio
import json
import sys

import pytest

from rlcf_client import AsyncClient, Client, RlcfError, compute_score, trl_reward

GT = json.dumps({"inputs": ["1 2\n", "5 5\n", "0 0\n"], "outputs": ["3\n", "10\n", "0\n"]})
GOOD = "Here you go:\n```python\na, b = map(int, input().split())\nprint(a + b)\n```"
HALF = "```python\na, b = map(int, input().split())\nprint(a * b if a else 0)\n```"


def test_grade_inline_and_reference(server):
    c = Client(server)
    items = c.grade([
        {"id": "good", "completion": GOOD, "task": {"language": "python", "tests": json.loads(GT)}},
        {"id": "half", "completion": HALF, "task": {"tests": json.loads(GT)}},
        {"id": "fn", "completion": "def sq(x):\n    return x*x", "task": {"tests": {"kind": "function", "fn_name": "sq", "cases": [{"args": [2], "expected": 4}]}}},
        {"id": "ref", "completion": "```python\nprint(0)\n```", "task": {"benchmark": "builtin", "id": "skip-sum"}},
    ], reward="fraction")
    by = {x["id"]: x for x in items}
    assert by["good"]["reward"] == 1 and by["good"]["passed"]
    assert by["good"]["code"] == "a, b = map(int, input().split())\nprint(a + b)"
    assert by["half"]["passed_tests"] == 1 and abs(by["half"]["reward"] - 1 / 3) < 1e-6
    assert by["fn"]["passed"]
    assert by["ref"]["passed"] is False and by["ref"]["total_tests"] > 0
    coderl = c.grade([{"completion": HALF, "task": {"tests": json.loads(GT)}}], reward="coderl")
    assert coderl[0]["reward"] == -0.3


def test_stream_run_async(server):
    c = Client(server)
    got = list(c.grade_stream([{"id": str(i), "completion": GOOD, "task": {"tests": json.loads(GT)}} for i in range(4)]))
    assert sorted(g["id"] for g in got) == ["0", "1", "2", "3"]
    v = c.run("python", "print(input()[::-1])", stdin="abc")
    assert v["status"] == "ok" and v["stdout"] == "cba\n"
    a = AsyncClient(server)
    out = asyncio.run(a.grade([{"completion": GOOD, "task": {"tests": json.loads(GT)}}]))
    assert out[0]["reward"] == 1


def test_errors_name_the_field(server):
    with pytest.raises(RlcfError) as e:
        Client(server).grade([{"completion": "x", "task": {"language": "cobol", "tests": "assert 1"}}])
    assert e.value.status == 400 and e.value.field == "items[0].task.language"


def test_auth(token_server):
    with pytest.raises(RlcfError) as e:
        Client(token_server, token="").run("python", "print(1)")
    assert e.value.status == 401
    assert Client(token_server, token="pytest-token").run("python", "print(1)")["stdout"] == "1\n"


def test_trl_reward_function(server):
    fn = trl_reward(tests_column="tests", reward="fraction", url=server)
    prompts = ["add two numbers"] * 3
    completions = [GOOD, HALF, "I don't know"]
    assert fn(prompts, completions, tests=[GT] * 3)[:2] == [1.0, pytest.approx(1 / 3)]
    # conversational completions: lists of {role, content}
    conv = [[{"role": "assistant", "content": GOOD}], [{"role": "assistant", "content": HALF}]]
    assert fn([[{"role": "user", "content": "add"}]] * 2, conv, tests=[GT, GT], completion_ids=[[1], [2]]) == [1.0, pytest.approx(1 / 3)]
    with pytest.raises(ValueError, match="no 'tests' column"):
        fn(prompts, completions, answer=[1, 2, 3])


def test_verl_compute_score_function(server):
    # verl's custom_reward_function interface: (data_source, solution_str, ground_truth, extra_info)
    r = compute_score("codecontests", GOOD, GT, {"split": "train", "index": 3})
    assert r == {"score": 1.0, "acc": True, "pass_fraction": 1.0}
    assert compute_score("codecontests", HALF, GT, {"index": 4})["score"] == pytest.approx(1 / 3)


def test_grade_function_from_the_package(server):
    # the README's example: `from rlcf_client import grade` (the process-wide client, $RLCF_URL)
    from rlcf_client import grade

    out = grade([{"id": "a", "completion": "print(sum(map(int, input().split())))",
                  "task": {"language": "python", "tests": {"inputs": ["1 2\n"], "outputs": ["3\n"]}}}], reward="coderl")
    assert out[0]["id"] == "a" and out[0]["passed"] and out[0]["reward"] == 1


def _dead_url():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there any more
    return f"http://127.0.0.1:{port}"


def test_trl_reward_raises_when_the_server_is_unreachable(caplog):
    fn = trl_reward(tests_column="tests", client=Client(_dead_url(), retries=2))
    with caplog.at_level("WARNING", logger="rlcf_client"):
        with pytest.raises(RlcfError, match=r"cannot reach http://127\.0\.0\.1:\d+ after 3 attempts"):
            fn(["p"], [GOOD], tests=[GT])
    retries = [r.getMessage() for r in caplog.records if r.name == "rlcf_client"]
    assert len(retries) == 2 and all("unreachable" in m for m in retries)


def test_trl_reward_none_only_for_a_sandbox_error():
    # the server's answer for a batch where one sample's sandbox failed (a grader-side error that
    # real code cannot provoke on demand): that sample is None, the others are scored
    import http.server
    import threading

    class Grader(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            items = [{"id": it["id"], "status": "sandbox_error" if i else "ok", "passed": not i, "reward": 0.0 if i else 1.0}
                     for i, it in enumerate(body["items"])]
            data = json.dumps({"items": items}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Grader)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}"
        assert trl_reward(tests_column="tests", url=url)(["p", "p"], [GOOD, GOOD], tests=[GT, GT]) == [1.0, None]
        assert trl_reward(tests_column="tests", url=url, none_on_error=False)(["p", "p"], [GOOD, GOOD], tests=[GT, GT]) == [1.0, 0.0]
    finally:
        srv.shutdown()


def test_verl_compute_score_raises_when_the_server_is_unreachable(monkeypatch):
    import rlcf_client.client as client_module

    monkeypatch.setattr(client_module, "_default", Client(_dead_url(), retries=0))
    with pytest.raises(RlcfError, match="cannot reach"):
        compute_score("codecontests", GOOD, GT, {"index": 0})


def test_installing_the_client_leaves_the_checkout_clean(tmp_path):
    # `pip install ./clients/python` builds in the source tree (setuptools writes build/ and
    # rlcf_client.egg-info there): git ignores both
    import shutil
    import subprocess
    from pathlib import Path

    client = Path(__file__).resolve().parents[1]
    repo = client.parents[1]
    if shutil.which("git") is None or subprocess.run(["git", "-C", str(repo), "rev-parse"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    written = ["clients/python/build/lib/rlcf_client/client.py", "clients/python/rlcf_client.egg-info/PKG-INFO"]
    ignored = subprocess.run(["git", "-C", str(repo), "check-ignore", *written], capture_output=True, text=True).stdout.split()
    assert ignored == written
    # and for real, where pip can build offline (setuptools and wheel installed)
    made = [p for p in (client / "build", client / "rlcf_client.egg-info") if not p.exists()]
    try:
        r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
                            "--target", str(tmp_path / "site"), str(client)], capture_output=True, text=True)
        if r.returncode == 0:
            status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all", "--", "clients/python"],
                                    capture_output=True, text=True, check=True).stdout
            assert status == "", status
    finally:
        for p in made:
            shutil.rmtree(p, ignore_errors=True)
