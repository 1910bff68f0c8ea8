"""The peers' REAL client code against rlcf serve: the sandbox-fusion client (PyPI), verl's
sandbox_fusion reward module and OpenRLHF's remote-reward HTTP client. verl and openrlhf pull torch
(several GB) as dependencies, too heavy for CI: their pure-Python reward modules are loaded from the
real wheels (downloaded by scripts/setup.sh with --no-deps). No module is re-implemented here; only
the packages' top-level __init__ (which imports torch) is bypassed. TRL runs for real (GRPOTrainer,
a tiny model, CPU) in its own venv made by scripts/setup-trl.sh, through tests/trl_grpo_run.py."""
import asyncio
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import types
import zipfile
from pathlib import Path

import pytest

from conftest import wheel

GT = {"inputs": ["1 2\n", "5 5\n", "3 4\n"], "outputs": ["3\n", "10\n", "7\n"]}
GOOD = "```python\na, b = map(int, input().split())\nprint(a + b)\n```"
WRONG = "```python\na, b = map(int, input().split())\nprint(a + b if a == 1 else 0)\n```"


def _extract(whl, members, prefix=""):
    d = Path(tempfile.mkdtemp(prefix="rlcf-wheel-"))
    with zipfile.ZipFile(whl) as z:
        for m in members:
            target = d / m
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(prefix + m))
    return d


def _load(name, path, package=None):
    spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=[str(path.parent)] if package else None)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# -- sandbox-fusion (PyPI client) ---------------------------------------------------------------
def test_sandbox_fusion_client_run_code(server):
    sf = pytest.importorskip("sandbox_fusion", reason="sandbox-fusion is not installed (scripts/setup.sh installs it)")
    from sandbox_fusion import RunCodeRequest, RunStatus, run_code, submit, SubmitRequest, TestConfig
    r = run_code(RunCodeRequest(code="print(input())", stdin="hello", language="python"), endpoint=server)
    assert r.status == RunStatus.Success and r.run_result.stdout == "hello\n" and r.run_result.return_code == 0
    r = run_code(RunCodeRequest(code="import sys; sys.exit(3)", language="python"), endpoint=server)
    assert r.status == RunStatus.Failed and r.run_result.return_code == 3
    r = run_code(RunCodeRequest(code="int main( {", language="cpp"), endpoint=server)
    assert r.status == RunStatus.Failed and r.run_result is None and r.compile_result.return_code != 0
    r = run_code(RunCodeRequest(code="while True: pass", language="python", run_timeout=0.5), endpoint=server)
    assert r.run_result.status.value == "TimeLimitExceeded"
    r = run_code(RunCodeRequest(code='console.log("js")', language="nodejs"), endpoint=server)
    assert r.run_result.stdout == "js\n"
    res = submit(SubmitRequest(dataset="custom", id=1, completion=GOOD, config=TestConfig(language="python", provided_data={
        "id": 1, "test": [{"input": {"stdin": "1 2"}, "output": {"stdout": "3"}}, {"input": {"stdin": "2 2"}, "output": {"stdout": "4"}}]})), endpoint=server)
    assert res.accepted and len(res.tests) == 2 and res.extracted_type == "fenced"


# -- verl ---------------------------------------------------------------------------------------
def _verl_sandbox_fusion():
    whl = wheel("verl")
    if whl is None:
        pytest.skip("verl wheel not found (scripts/setup.sh downloads it; `pip install verl` pulls torch, too heavy for CI)")
    pytest.importorskip("requests")
    base = "verl/utils/reward_score/sandbox_fusion/"
    d = _extract(whl, [base + "__init__.py", base + "utils.py"])
    return _load("verl_sandbox_fusion", d / base / "__init__.py", package=True)


def test_verl_sandbox_fusion_reward_path(server):
    sf = _verl_sandbox_fusion()
    sem = threading.Semaphore(8)
    url = server + "/run_code"
    score, meta = sf.compute_score(url, sem, 1024, GOOD, json.dumps(GT), continuous=False)
    assert score == 1.0, meta
    score, meta = sf.compute_score(url, sem, 1024, WRONG, json.dumps(GT), continuous=True)
    assert score == pytest.approx(1 / 3), meta
    # fn_name: stdin lines are JSON arguments, verl wraps the function itself
    fn_gt = {"fn_name": "add", "inputs": ["1\n2", "3\n4"], "outputs": ["3", "7"]}
    score, meta = sf.compute_score(url, sem, 1024, "```python\ndef add(a, b):\n    return a + b\n```", json.dumps(fn_gt))
    assert score == 1.0, meta
    score, _ = sf.compute_score(url, sem, 1024, "```python\nimport os\nwhile True: os.fork()\n```", json.dumps(GT))
    assert score == 0.0


# -- OpenRLHF ----------------------------------------------------------------------------------
def test_openrlhf_remote_reward_client(server):
    pytest.importorskip("aiohttp", reason="aiohttp (OpenRLHF's HTTP client) is not installed")
    whl = wheel("openrlhf")
    if whl is None:
        pytest.skip("openrlhf wheel not found (scripts/setup.sh downloads it; `pip install openrlhf` pulls torch/deepspeed, too heavy for CI)")
    prefix = next(n for n in zipfile.ZipFile(whl).namelist() if n.endswith("openrlhf/utils/agent.py")).rsplit("openrlhf/", 1)[0]
    d = _extract(whl, ["openrlhf/utils/agent.py", "openrlhf/utils/logging_utils.py"], prefix)
    # package shells only: the real openrlhf/__init__ imports torch
    for pkg, path in (("openrlhf", d / "openrlhf"), ("openrlhf.utils", d / "openrlhf" / "utils")):
        m = types.ModuleType(pkg)
        m.__path__ = [str(path)]
        sys.modules.setdefault(pkg, m)
    _load("openrlhf.utils.logging_utils", d / "openrlhf/utils/logging_utils.py")
    agent = _load("openrlhf.utils.agent", d / "openrlhf/utils/agent.py")
    ex = agent.SingleTurnAgentExecutor(remote_rm_url=server + "/get_reward")
    prompt = "Add two numbers.\n"
    label = json.dumps(GT)
    out = asyncio.run(ex._fetch_rewards_via_http([prompt + GOOD, prompt + WRONG], [prompt, prompt], [label, label]))
    assert out[0]["rewards"] == [1.0, pytest.approx(1 / 3)]
    assert out[0]["scores"] == [1.0, pytest.approx(1 / 3)]
    assert out[0]["extra_logs"]["pass"] == [1, 0]


# -- TRL ---------------------------------------------------------------------------------------
TRL_VENV = Path(os.environ.get("RLCF_TRL_VENV", Path.home() / ".cache" / "rlcf" / "trl-venv"))
TRL_SETUP = ("scripts/setup-trl.sh makes it (torch + trl + transformers, ~3 GB of wheels, kept out of the "
             "main python3); the reward-function contract alone is covered by test_client.py::test_trl_reward_function")


def test_trl_grpo_trainer(server):
    """A real trl.GRPOTrainer run (tests/trl_grpo_run.py, in the TRL venv's python): a tiny Llama made
    here, 2 GRPO steps on CPU, rlcf_client.trl_reward as the reward function, graded by this server."""
    py = TRL_VENV / "bin" / "python"
    if not py.exists():
        pytest.skip(f"no TRL venv at {TRL_VENV}: {TRL_SETUP}")
    env = dict(os.environ, RLCF_URL=server, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_DATASETS_OFFLINE="1",
               TOKENIZERS_PARALLELISM="false", WANDB_DISABLED="true", CUDA_VISIBLE_DEVICES="")
    env.pop("PYTHONPATH", None)
    p = subprocess.run([str(py), str(Path(__file__).with_name("trl_grpo_run.py"))], env=env, capture_output=True,
                       text=True, timeout=600)
    if p.returncode == 3 and "RLCF_TRL_MISSING" in p.stdout:
        pytest.skip(f"the TRL venv {TRL_VENV} cannot import torch/trl ({p.stdout.strip()}): {TRL_SETUP}")
    assert p.returncode == 0, f"trl_grpo_run.py exited {p.returncode}:\n{p.stdout[-3000:]}\n{p.stderr[-6000:]}"
    line = next((x for x in reversed(p.stdout.splitlines()) if x.startswith("RLCF_TRL_RESULT ")), None)
    assert line, p.stdout[-3000:] + p.stderr[-3000:]
    r = json.loads(line[len("RLCF_TRL_RESULT "):])
    assert r["versions"]["trl"] == "1.16.0", r["versions"]
    steps, batch, name = r["steps"], r["batch"], r["reward_func_name"]

    # the training ran: every step, logged
    assert r["global_step"] == steps == 2
    logs = [h for h in r["log_history"] if "reward" in h]
    assert [h["step"] for h in logs] == list(range(1, steps + 1))
    assert all(f"rewards/{name}/mean" in h for h in logs)

    # the trainer called our reward function once per step (steps_per_generation = 1) with the sampled
    # completions and the rows' `tests` column; the server graded each one
    calls = r["calls"]
    assert [c["trainer_step"] for c in calls] == list(range(steps))
    assert all(c["n"] == batch == len(c["completions"]) == len(c["rewards"]) for c in calls)
    assert r["server_items_graded_during_training"] == steps * batch
    seen = set()
    for c in calls:
        for prompt, completion, tests, reward in zip(c["prompts"], c["completions"], c["tests"], c["rewards"]):
            sol = r["solutions"][prompt]
            assert tests == sol["tests"] and isinstance(reward, float) and 0.0 <= reward <= 1.0, (completion, reward)
            if completion == sol["good"]:
                assert reward == 1.0, completion
            elif completion == sol["wrong"]:
                assert reward == 0.0, completion
            seen.add(reward)
    # the warmed-up policy samples correct and wrong solutions, so GRPO has advantages to learn from
    assert {0.0, 1.0} <= seen, calls
    # what the trainer logged is what our function returned (the per-step mean over the batch)
    for h, c in zip(logs, calls):
        assert h["reward"] == pytest.approx(sum(c["rewards"]) / len(c["rewards"]))
        assert h[f"rewards/{name}/mean"] == pytest.approx(h["reward"])
    assert any(h["grad_norm"] > 0 for h in logs) and r["param_abs_change"] > 0

    # the same function outside the trainer: correct, wrong, no code
    assert r["direct_fraction"] == [1.0, 0.0, 0.0]
    assert r["direct_binary"] == [1.0, 0.0, 0.0]
