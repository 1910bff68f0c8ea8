#!/usr/bin/env bash
# A dedicated virtualenv with torch + TRL for the real GRPO smoke test
# (clients/python/tests/test_peers.py::test_trl_grpo_trainer runs trl.GRPOTrainer there, in a
# subprocess, with rlcf_client.trl_reward as its reward function). torch pulls ~3 GB of CUDA wheels
# from PyPI, so it stays out of the main python3 (the sandbox's interpreter must stay lean).
#   RLCF_TRL_VENV   where the venv goes (default ~/.cache/rlcf/trl-venv; the test reads the same)
#   PIP_FIND_LINKS  pip's own variable: a folder of already-downloaded wheels, to skip the download
# Idempotent: does nothing when the venv already imports the pinned versions. Never fails the
# setup: on any problem it prints a warning and exits 0, and the test skips naming this script.
set -uo pipefail
venv="${RLCF_TRL_VENV:-$HOME/.cache/rlcf/trl-venv}"
pins=(torch==2.15.0 trl==1.16.0 transformers==5.24.0 accelerate==1.15.0 datasets==5.2.0 tokenizers==0.23.3)
check='
import sys, importlib.metadata as md
want = dict(p.split("==") for p in sys.argv[1:])
have = {n: md.version(n) for n in want}
bad = {n: (have[n], v) for n, v in want.items() if have[n] != v}
assert not bad, bad
import torch, trl, transformers, accelerate, datasets, tokenizers  # noqa: F401
from trl import GRPOConfig, GRPOTrainer  # noqa: F401
'

warn() {
  echo "setup-trl: WARNING: $* -- clients/python/tests/test_peers.py::test_trl_grpo_trainer will skip" >&2
  exit 0
}

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" "${pins[@]}" >/dev/null 2>&1; then
  echo "setup-trl: $venv already has ${pins[*]}"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || warn "python3 not found"
start=$(date +%s)
echo "setup-trl: creating $venv with ${pins[*]} (~3 GB of wheels: torch pulls the CUDA libraries)"
mkdir -p "$(dirname "$venv")" || warn "cannot create $(dirname "$venv")"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || warn "python3 -m venv $venv failed (Debian: apt-get install python3-venv)"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input "${pins[@]}" \
  || warn "pip install ${pins[*]} into $venv failed"
err=$("$venv/bin/python" -c "$check" "${pins[@]}" 2>&1) || warn "the venv does not import the pinned packages: ${err##*$'\n'}"
echo "setup-trl: done in $(( $(date +%s) - start )) s"
