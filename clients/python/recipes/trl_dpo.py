"""DPO on the loop's curated preference pairs with TRL (CPU or GPU): the trainer step of `rlcf loop`.

    python trl_dpo.py --model <hf dir> --data <dpo.jsonl> --out <dir> [--max-steps 2] [--beta 0.1]

Rows as `rlcf curate` writes dpo.jsonl in the `trl` or `trl-chat` formats (prompt, chosen,
rejected); the reference model is the starting checkpoint. Output as trl_sft.py.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trl_sft import common_args, finish, load_rows  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description="TRL DPO step for rlcf loop")
    common_args(ap)
    ap.add_argument("--beta", type=float, default=0.1)
    a = ap.parse_args()
    t0 = time.time()
    import torch
    from datasets import Dataset

    torch.set_num_threads(int(os.environ.get("RLCF_TORCH_THREADS", "1")))  # see hf_server.py
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    rows = load_rows(a.data)
    if not rows:
        print(f"trl_dpo: {a.data} has no rows", file=sys.stderr)
        return 2
    tok = AutoTokenizer.from_pretrained(a.model)
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    cfg = DPOConfig(output_dir=os.path.join(a.out, "_trainer"), max_steps=a.max_steps, learning_rate=a.lr, beta=a.beta,
                    per_device_train_batch_size=a.batch_size, gradient_accumulation_steps=1, logging_steps=1, save_strategy="no",
                    report_to=[], seed=a.seed, max_length=a.max_length, use_cpu=not torch.cuda.is_available(), bf16=False, fp16=False,
                    dataloader_num_workers=0)
    trainer = DPOTrainer(model=model, args=cfg, train_dataset=Dataset.from_list(rows), processing_class=tok)
    trainer.train()
    finish(trainer, tok, a.out, len(rows), t0, torch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
