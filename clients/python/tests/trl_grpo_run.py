"""A real TRL GRPO run against a real `rlcf serve`: run by test_peers.py::test_trl_grpo_trainer with
the python of the venv scripts/setup-trl.sh makes (torch + trl stay out of the main interpreter).

Nothing is downloaded (there is no hub access): a tiny randomly initialised Llama (hidden 32, 2
layers, ~32k parameters) with a byte-level BPE tokenizer trained here on a few strings. The random
model's completions would be byte soup that always scores 0 (GRPO then has zero advantages and zero
gradients), so it is first warmed up in-process (300 plain next-token steps, ~2 s) on each prompt
followed by either a correct or a wrong fenced solution: the policy then samples both. Then
trl.GRPOTrainer runs a few steps on CPU with ``rlcf_client.trl_reward(...)`` pointed at $RLCF_URL
as its reward function: the server grades every sampled completion against the row's assert
program. The same reward function is also called directly with a known-correct, a known-wrong and
a non-code completion. Prints one line ``RLCF_TRL_RESULT {json}`` on stdout; exit code 3 (with
``RLCF_TRL_MISSING ...``) when torch/trl/transformers cannot be imported.
"""
import json
import os
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

for k, v in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
             "TOKENIZERS_PARALLELISM": "false", "WANDB_DISABLED": "true"}.items():
    os.environ.setdefault(k, v)

try:
    import torch
    import datasets
    import transformers
    import trl
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    from trl import GRPOConfig, GRPOTrainer
except ImportError as e:  # the venv is incomplete: the test skips, naming scripts/setup-trl.sh
    print(f"RLCF_TRL_MISSING {type(e).__name__}: {e}", flush=True)
    sys.exit(3)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # clients/python
from rlcf_client.trainers import trl_reward  # noqa: E402

STEPS = int(os.environ.get("RLCF_TRL_STEPS", "2"))
NUM_GENERATIONS = 4
BATCH = 8  # completions per step: 2 prompts x 4 generations
WARM_UP_STEPS = 300
PRESET = "fraction"
URL = os.environ["RLCF_URL"].rstrip("/")

# each row: a prompt, its assert program (the `tests` column trl_reward reads), and (for the warm-up
# only) a correct and a wrong solution
ROWS = [
    {"prompt": "Write a Python function add(a, b) that returns a + b.\n", "tests": "assert add(1, 2) == 3\nassert add(-4, 4) == 0",
     "good": "def add(a, b):\n    return a + b", "wrong": "def add(a, b):\n    return a - b"},
    {"prompt": "Write a Python function sub(a, b) that returns a - b.\n", "tests": "assert sub(5, 2) == 3\nassert sub(0, 7) == -7",
     "good": "def sub(a, b):\n    return a - b", "wrong": "def sub(a, b):\n    return a + b"},
    {"prompt": "Write a Python function mul(a, b) that returns a * b.\n", "tests": "assert mul(3, 4) == 12\nassert mul(0, 9) == 0",
     "good": "def mul(a, b):\n    return a * b", "wrong": "def mul(a, b):\n    return a + b"},
    {"prompt": "Write a Python function biggest(xs) that returns max(xs).\n", "tests": "assert biggest([1, 5, 2]) == 5",
     "good": "def biggest(xs):\n    return max(xs)", "wrong": "def biggest(xs):\n    return min(xs)"},
]
FENCE = "```python\n{}\n```"
GOOD = FENCE.format(ROWS[0]["good"])
WRONG = FENCE.format(ROWS[0]["wrong"])


def graded_items() -> float:
    """rlcf_graded_items_total{route="/v1/grade"} from the server's Prometheus /metrics."""
    with urllib.request.urlopen(URL + "/metrics", timeout=30) as r:
        text = r.read().decode()
    m = re.search(r'^rlcf_graded_items_total\{route="/v1/grade"\} (\S+)$', text, re.M)
    return float(m.group(1)) if m else 0.0


def tiny_tokenizer() -> PreTrainedTokenizerFast:
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = [r["prompt"] + r["tests"] + FENCE.format(r["good"]) + FENCE.format(r["wrong"]) for r in ROWS]
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=400, special_tokens=["<pad>", "<eos>"],
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                                        show_progress=False))
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", eos_token="<eos>",
                                   padding_side="left", truncation_side="left")


def warm_up(model, tokenizer, steps: int) -> float:
    """A few hundred plain next-token steps on prompt -> (correct | wrong) fenced solution, so that the
    policy samples both (a random model's completions are byte soup that always scores 0, which gives
    GRPO zero advantages and zero gradients). Returns the final loss."""
    seqs = []
    for r in ROWS:
        p = tokenizer(r["prompt"], add_special_tokens=False)["input_ids"]
        for sol in (r["good"], r["wrong"]):
            c = tokenizer(FENCE.format(sol), add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
            seqs.append((p + c, [-100] * len(p) + c))
    n = max(len(ids) for ids, _ in seqs)
    ids = torch.tensor([i + [tokenizer.pad_token_id] * (n - len(i)) for i, _ in seqs])
    labels = torch.tensor([lab + [-100] * (n - len(lab)) for _, lab in seqs])
    mask = (torch.arange(n)[None, :] < torch.tensor([len(i) for i, _ in seqs])[:, None]).long()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(steps):
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item()


def main() -> None:
    t0 = time.time()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    tokenizer = tiny_tokenizer()
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                         bos_token_id=None, tie_word_embeddings=True)
    model = LlamaForCausalLM(config)  # random weights: nothing downloaded
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    warm_up_loss = warm_up(model, tokenizer, WARM_UP_STEPS)
    train = datasets.Dataset.from_list([{"prompt": r["prompt"], "tests": r["tests"]} for r in ROWS])

    reward_fn = trl_reward(tests_column="tests", language="python", reward=PRESET, url=URL)
    calls = []

    def rlcf_fraction(prompts, completions, **kwargs):
        """The trl_reward function itself, recording what the trainer passed and what it returned."""
        out = reward_fn(prompts, completions, **kwargs)
        calls.append({"n": len(completions), "prompts": list(prompts), "completions": [str(c) for c in completions],
                      "tests": list(kwargs.get("tests") or []), "rewards": out,
                      "trainer_step": kwargs["trainer_state"].global_step if "trainer_state" in kwargs else None})
        return out

    rlcf_fraction.__name__ = reward_fn.__name__  # TRL logs rewards/<name>/mean
    out_dir = tempfile.TemporaryDirectory(prefix="rlcf-trl-grpo-")  # nothing is saved (save_strategy="no")
    args = GRPOConfig(
        output_dir=out_dir.name,
        max_steps=STEPS, per_device_train_batch_size=BATCH, num_generations=NUM_GENERATIONS,
        max_completion_length=24, temperature=1.0, learning_rate=1e-3,
        logging_steps=1, save_strategy="no", report_to="none", disable_tqdm=True,
        use_cpu=True, bf16=False, fp16=False, gradient_checkpointing=False,
        dataloader_num_workers=0, seed=0, log_completions=False,
    )
    trainer = GRPOTrainer(model=model, reward_funcs=[rlcf_fraction], args=args, train_dataset=train,
                          processing_class=tokenizer)
    start_params = [p.detach().clone() for p in model.parameters()]
    before = graded_items()
    t_train = time.time()
    trainer.train()
    train_s = time.time() - t_train
    trained_items = graded_items() - before
    param_change = sum((p.detach() - q).abs().sum().item() for p, q in zip(trainer.model.parameters(), start_params))

    # the same reward function, outside the trainer: a known-correct and a known-wrong completion
    probe = [GOOD, WRONG, "I cannot write that function."]
    direct = reward_fn(["add"] * 3, probe, tests=[ROWS[0]["tests"]] * 3)
    binary = trl_reward(tests_column="tests", reward="binary", url=URL)(["add"] * 3, probe, tests=[ROWS[0]["tests"]] * 3)

    result = {
        "versions": {"torch": torch.__version__, "trl": trl.__version__, "transformers": transformers.__version__,
                     "datasets": datasets.__version__},
        "preset": PRESET, "steps": STEPS, "batch": BATCH, "num_generations": NUM_GENERATIONS,
        "reward_func_name": rlcf_fraction.__name__,
        "global_step": trainer.state.global_step,
        "log_history": trainer.state.log_history,
        "calls": calls,
        "server_items_graded_during_training": trained_items,
        "param_abs_change": param_change,
        "direct_fraction": direct, "direct_binary": binary,
        "solutions": {r["prompt"]: {"tests": r["tests"], "good": FENCE.format(r["good"]), "wrong": FENCE.format(r["wrong"])} for r in ROWS},
        "warm_up_steps": WARM_UP_STEPS, "warm_up_loss": warm_up_loss,
        "n_params": sum(p.numel() for p in model.parameters()),
        "train_seconds": round(train_s, 2), "total_seconds": round(time.time() - t0, 2),
    }
    out_dir.cleanup()
    print("RLCF_TRL_RESULT " + json.dumps(result, default=str), flush=True)


if __name__ == "__main__":
    main()
