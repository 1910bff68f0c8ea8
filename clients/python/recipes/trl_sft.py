"""SFT on the loop's curated data with TRL (CPU or GPU): the trainer step of `rlcf loop`.

    python trl_sft.py --model <hf dir> --data <sft.jsonl> --out <dir> [--max-steps 2] [--lr 1e-5]

Reads rows as `rlcf curate` writes them in the `trl` (prompt/completion strings) or `trl-chat`
(message lists: the tokenizer's chat template is applied, as the server applies it) formats; the
metadata column is dropped. Saves the model and tokenizer to --out and writes
rlcf_train_metrics.json there (steps, final loss, rows, wall seconds, gpu_hours when on a GPU),
which `rlcf loop` reads into the round's cost.
"""
import argparse
import json
import os
import sys
import time


def load_rows(path: str):
    rows = []
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                r.pop("metadata", None)
                rows.append(r)
    return rows


def common_args(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--model", required=True, help="checkpoint folder (Hugging Face layout)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-steps", type=int, default=10)
    ap.add_argument("--lr", type=float, default=1e-5)
    ap.add_argument("--batch-size", type=int, default=2)
    ap.add_argument("--max-length", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=0)


def finish(trainer, tok, out: str, rows: int, t0: float, torch) -> None:
    trainer.save_model(out)
    tok.save_pretrained(out)
    hist = [h for h in trainer.state.log_history if "loss" in h]
    wall = time.time() - t0
    gpu = torch.cuda.device_count() if torch.cuda.is_available() else 0
    metrics = {"rows": rows, "steps": trainer.state.global_step, "loss": hist[-1]["loss"] if hist else None,
               "wall_s": round(wall, 2), "device": "cuda" if gpu else "cpu", "gpu_hours": round(wall * gpu / 3600, 6) if gpu else 0}
    json.dump(metrics, open(os.path.join(out, "rlcf_train_metrics.json"), "w"))
    print(f"trained: {json.dumps(metrics)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description="TRL SFT step for rlcf loop")
    common_args(ap)
    a = ap.parse_args()
    t0 = time.time()
    import torch
    from datasets import Dataset

    torch.set_num_threads(int(os.environ.get("RLCF_TORCH_THREADS", "1")))  # see hf_server.py
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    rows = load_rows(a.data)
    if not rows:
        print(f"trl_sft: {a.data} has no rows", file=sys.stderr)
        return 2
    tok = AutoTokenizer.from_pretrained(a.model)
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    cfg = SFTConfig(output_dir=os.path.join(a.out, "_trainer"), max_steps=a.max_steps, learning_rate=a.lr,
                    per_device_train_batch_size=a.batch_size, gradient_accumulation_steps=1, logging_steps=1, save_strategy="no",
                    report_to=[], seed=a.seed, max_length=a.max_length, use_cpu=not torch.cuda.is_available(), bf16=False, fp16=False,
                    dataloader_num_workers=0)
    trainer = SFTTrainer(model=model, args=cfg, train_dataset=Dataset.from_list(rows), processing_class=tok)
    trainer.train()
    finish(trainer, tok, a.out, len(rows), t0, torch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
