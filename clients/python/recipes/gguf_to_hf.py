"""Convert a GGUF checkpoint (llama architecture, any quantisation transformers can read) into a
plain Hugging Face folder (safetensors, float32, tokenizer with its chat template): the form that
TRL trains and hf_server.py serves. transformers de-quantises GGUF tensors on load; the loaded model
still carries the GGUF quantisation marker, which refuses to save, so the weights are moved into a
model built from the bare config.

    python gguf_to_hf.py <file.gguf> <out_dir>
"""
import argparse
import json
import os
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gguf")
    ap.add_argument("out")
    a = ap.parse_args()
    t0 = time.time()
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    folder, name = os.path.split(os.path.abspath(a.gguf))
    tok = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    src = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    cfg = AutoConfig.from_pretrained(folder, gguf_file=name)
    if hasattr(cfg, "quantization_config"):
        delattr(cfg, "quantization_config")
    dst = AutoModelForCausalLM.from_config(cfg, dtype=torch.float32)
    missing, unexpected = dst.load_state_dict(src.state_dict(), strict=False)
    # tied embeddings: lm_head.weight may be absent from the GGUF and tied on load
    missing = [m for m in missing if m != "lm_head.weight"]
    if missing or unexpected:
        print(f"gguf_to_hf: state dict mismatch: missing {missing} unexpected {unexpected}", file=sys.stderr)
        return 1
    dst.tie_weights()
    dst.save_pretrained(a.out)
    tok.save_pretrained(a.out)
    json.dump({"source": os.path.abspath(a.gguf), "params": dst.num_parameters(), "seconds": round(time.time() - t0, 1)},
              open(os.path.join(a.out, "rlcf_source.json"), "w"))
    print(f"gguf_to_hf: {a.gguf} -> {a.out} ({dst.num_parameters()} parameters) in {time.time() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
