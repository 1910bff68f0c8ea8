"""GRPO with rlcf rewards (TRL's GRPOTrainer, CPU or GPU): the trainer step of `rlcf loop` for RL.

    python trl_grpo.py --model <hf dir> --data <rl.parquet> --out <dir> --rlcf "<rlcf command>" [--max-steps 2]

Reads the verl RL parquet `rlcf curate --format verl` writes (one row per task: prompt messages, the
task's tests as reward_model.ground_truth, language in extra_info). Starts `<rlcf command> serve` on
a free loopback port for the run (or uses --rlcf-url) and rewards every sampled completion with
`rlcf_client.trl_reward` (the server grades the whole batch in its sandbox). Output as trl_sft.py.
"""
import argparse
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # clients/python: rlcf_client
from trl_sft import finish  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_rlcf(cmd: str):
    port = free_port()
    p = subprocess.Popen(shlex.split(cmd) + ["serve", "--host", "127.0.0.1", "--port", str(port)], stdout=sys.stderr, stderr=sys.stderr)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if p.poll() is not None:
            raise SystemExit(f"trl_grpo: `{cmd} serve` exited with {p.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return p, url
        except OSError:
            time.sleep(0.2)
    p.kill()
    raise SystemExit(f"trl_grpo: `{cmd} serve` did not answer {url}/healthz")


def main() -> int:
    ap = argparse.ArgumentParser(description="TRL GRPO step with rlcf rewards for rlcf loop")
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True, help="rl.parquet from rlcf curate --format verl")
    ap.add_argument("--out", required=True)
    ap.add_argument("--rlcf", help="the rlcf command line (e.g. 'node /path/bin/rlcf.js'); its `serve` is started for the run")
    ap.add_argument("--rlcf-url", help="an rlcf serve already running (instead of --rlcf)")
    ap.add_argument("--reward", default="fraction", help="rlcf reward preset (binary, fraction, coderl, ...)")
    ap.add_argument("--max-steps", type=int, default=10)
    ap.add_argument("--lr", type=float, default=1e-6)
    ap.add_argument("--num-generations", type=int, default=4)
    ap.add_argument("--max-completion-length", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if not a.rlcf and not a.rlcf_url:
        ap.error("give --rlcf <command> (started for the run) or --rlcf-url <url>")
    t0 = time.time()
    import pyarrow.parquet as pq
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    from rlcf_client.trainers import trl_reward

    torch.set_num_threads(int(os.environ.get("RLCF_TORCH_THREADS", "1")))  # see hf_server.py
    rows = []
    for r in pq.read_table(a.data).to_pylist():
        extra = r.get("extra_info") or {}
        rows.append({"prompt": r["prompt"], "tests": r["reward_model"]["ground_truth"], "language": extra.get("language", "python")})
    if not rows:
        print(f"trl_grpo: {a.data} has no rows", file=sys.stderr)
        return 2
    server, url = (None, a.rlcf_url) if a.rlcf_url else start_rlcf(a.rlcf)
    try:
        tok = AutoTokenizer.from_pretrained(a.model)
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
        n = a.num_generations
        cfg = GRPOConfig(output_dir=os.path.join(a.out, "_trainer"), max_steps=a.max_steps, learning_rate=a.lr,
                         per_device_train_batch_size=n, num_generations=n, max_completion_length=a.max_completion_length,
                         logging_steps=1, save_strategy="no", report_to=[], seed=a.seed, use_cpu=not torch.cuda.is_available(),
                         bf16=False, fp16=False, dataloader_num_workers=0)
        reward = trl_reward(tests_column="tests", url=url, reward=a.reward)
        trainer = GRPOTrainer(model=model, args=cfg, train_dataset=Dataset.from_list(rows), processing_class=tok, reward_funcs=[reward])
        trainer.train()
        rewards = [h["reward"] for h in trainer.state.log_history if "reward" in h]
        finish(trainer, tok, a.out, len(rows), t0, torch)
        print(f"rewards per step: {json.dumps(rewards)}", flush=True)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
