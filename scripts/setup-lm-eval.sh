#!/usr/bin/env bash
# A dedicated virtualenv with the PyPI lm-evaluation-harness (lm-eval[api], no torch: its API models
# need none) for the breadth guard's fidelity test (test/breadth-fidelity.test.ts runs lm-eval's
# local-completions model and rlcf against the same server and compares them per item).
#   RLCF_LM_EVAL_VENV   where the venv goes (default ~/.cache/rlcf/lm-eval-venv; the test reads the same)
#   RLCF_SETUP_LM_EVAL_HF=1  also transformers + tokenizers (no torch) in that venv, for the optional
#                       real-model check (test/breadth-real-model.test.ts: lm-eval reads SmolLM2's own
#                       tokenizer; the model itself comes from scripts/setup-trl.sh and setup-loop.sh)
# Idempotent: does nothing when the venv already imports the pinned version. Never fails the setup:
# on any problem it prints a warning and exits 0, and the test skips naming this script.
set -uo pipefail
venv="${RLCF_LM_EVAL_VENV:-$HOME/.cache/rlcf/lm-eval-venv}"
pin="lm-eval[api]==0.4.13"
check='import importlib.metadata as md, lm_eval, aiohttp, tenacity, requests; assert md.version("lm_eval") == "0.4.13"'

warn() {
  echo "setup-lm-eval: WARNING: $* -- test/breadth-fidelity.test.ts will skip" >&2
  exit 0
}

hf() {
  [ "${RLCF_SETUP_LM_EVAL_HF:-}" = 1 ] || return 0
  local pins=("transformers==5.24.0" "tokenizers==0.23.3")
  if "$venv/bin/python" -c 'import transformers, tokenizers' >/dev/null 2>&1; then
    echo "setup-lm-eval: $venv already has transformers"
    return 0
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input "${pins[@]}" \
    || echo "setup-lm-eval: WARNING: pip install ${pins[*]} failed -- test/breadth-real-model.test.ts will skip" >&2
}

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" >/dev/null 2>&1; then
  echo "setup-lm-eval: $venv already has $pin"
  hf
  exit 0
fi
command -v python3 >/dev/null 2>&1 || warn "python3 not found"
start=$(date +%s)
echo "setup-lm-eval: creating $venv with $pin (~750 MB: datasets, pyarrow, pandas, scikit-learn)"
mkdir -p "$(dirname "$venv")" || warn "cannot create $(dirname "$venv")"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || warn "python3 -m venv $venv failed (Debian: apt-get install python3-venv)"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input "$pin" || warn "pip install $pin into $venv failed"
err=$("$venv/bin/python" -c "$check" 2>&1) || warn "the venv does not import lm_eval 0.4.13: ${err##*$'\n'}"
echo "setup-lm-eval: done in $(( $(date +%s) - start )) s"
hf
