#!/usr/bin/env bash
# SandboxFusion's server (bytedance/SandboxFusion) from a source snapshot, without Docker, for
# side-by-side benchmarks (npm run bench:rl, bench:server --sandbox-fusion-url).
#
#   scripts/sandbox-fusion.sh setup            install it under $SF_HOME (idempotent)
#   scripts/sandbox-fusion.sh start [PORT]     setup, then run its server in the foreground (default 8081)
#
# SF_SRC   the source snapshot: a checkout, or a git directory (its HEAD is exported); required
#          for the first setup (this script downloads nothing from GitHub)
# SF_HOME  where it is installed (default ${RLCF_HOME:-~/.rlcf}/sandbox-fusion)
#
# How (docs/peers.md): CPython 3.11 with poetry.lock's pins from PyPI; its Python runner runs
# `source <conda_root>/bin/activate sandbox-runtime` with conda_root found by walking up from
# sys.executable to a folder with condabin/: a fake root with condabin/, a bin/activate that puts
# envs/$1/bin first on PATH, envs/sandbox (the server's venv) and envs/sandbox-runtime (a bare venv)
# does that. It runs with an empty HOME (a .bashrc with pyenv init costs ~1 s per request) and its
# stock config (local.yaml: isolation none; its `lite` mode needs cgroup-tools, iptables and sudo).
set -euo pipefail

cmd="${1:-}"
SF_HOME="${SF_HOME:-${RLCF_HOME:-$HOME/.rlcf}/sandbox-fusion}"
ROOT="$SF_HOME/root"
SRC="$SF_HOME/src"
PY="$ROOT/envs/sandbox/bin/python"

die() { echo "sandbox-fusion.sh: $*" >&2; exit 1; }

find_python311() {
  for p in python3.11 /usr/bin/python3.11 /usr/local/bin/python3.11; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys, venv; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
      command -v "$p"; return 0
    fi
  done
  return 1
}

setup() {
  mkdir -p "$SF_HOME"
  if [ ! -f "$SRC/sandbox/server/server.py" ]; then
    [ -n "${SF_SRC:-}" ] || die "no source snapshot at $SRC: set SF_SRC to a checkout (or git directory) of bytedance/SandboxFusion"
    rm -rf "$SRC.tmp" && mkdir -p "$SRC.tmp"
    if [ -f "$SF_SRC/sandbox/server/server.py" ]; then
      cp -a "$SF_SRC/." "$SRC.tmp/"
    elif git --git-dir="$SF_SRC" rev-parse HEAD >/dev/null 2>&1; then
      git --git-dir="$SF_SRC" archive HEAD | tar -x -C "$SRC.tmp"
    else
      die "SF_SRC=$SF_SRC is neither a SandboxFusion checkout nor a git directory of one"
    fi
    mkdir -p "$SRC.tmp/docs/build" # the server mounts it as static files
    mv "$SRC.tmp" "$SRC"
  fi
  if ! { [ -x "$PY" ] && "$PY" -c 'import uvicorn, fastapi, databases, structlog, transformers' 2>/dev/null; }; then
    local py311
    py311="$(find_python311)" || die "CPython 3.11 is needed (Debian: apt-get install python3.11 python3.11-venv)"
    mkdir -p "$ROOT/condabin" "$ROOT/bin" "$ROOT/envs"
    cat > "$ROOT/bin/activate" <<'EOF'
# a stand-in for conda's activate: SandboxFusion only needs envs/$1/bin first on PATH
_sf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_sf_root/envs/${1:-sandbox}/bin:$PATH"
EOF
    [ -x "$PY" ] || "$py311" -m venv "$ROOT/envs/sandbox"
    [ -x "$ROOT/envs/sandbox-runtime/bin/python" ] || "$py311" -m venv "$ROOT/envs/sandbox-runtime"
    "$PY" -m pip install -q --disable-pip-version-check \
      aiofiles==23.2.1 aiohttp==3.10.6 'databases[aiomysql,aiosqlite]==0.9.0' sqlalchemy==2.0.35 fastapi==0.103.2 \
      starlette==0.27.0 psutil==5.9.8 pydantic==2.6.4 pydantic-core==2.16.3 pyyaml==6.0.2 structlog==23.3.0 \
      tenacity==8.5.0 'uvicorn[standard]==0.25.0' transformers==4.45.0
  fi
  mkdir -p "$SF_HOME/home"
}

case "$cmd" in
  setup) setup; echo "SandboxFusion installed in $SF_HOME" ;;
  start)
    setup
    port="${2:-8081}"
    cd "$SRC"
    # the toolchains its runners call by name (g++, go, rustc, javac, node), wherever they are here
    local_path=""
    for t in g++ go rustc java javac node; do
      p="$(command -v "$t" 2>/dev/null || true)"; [ -n "$p" ] && local_path="$local_path:$(dirname "$p")"
    done
    # a rustup proxy on PATH needs its installation, which the empty HOME hides
    rustup="${RUSTUP_HOME:-}"; [ -z "$rustup" ] && [ -d "$HOME/.rustup" ] && rustup="$HOME/.rustup"
    # HOME empty (no shell rc files); GOTOOLCHAIN=local: its go.mod names go1.22.9, which the go
    # command would otherwise try to download
    exec env -i PATH="$ROOT/envs/sandbox/bin:/usr/local/bin:/usr/bin:/bin$local_path" \
      HOME="$SF_HOME/home" LANG=C.UTF-8 ${rustup:+RUSTUP_HOME="$rustup"} GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off \
      "$PY" -m uvicorn sandbox.server.server:app --host 127.0.0.1 --port "$port" --log-level warning
    ;;
  *) die "usage: $0 setup | start [PORT]   (SF_SRC: source snapshot; SF_HOME: install dir, default ${RLCF_HOME:-~/.rlcf}/sandbox-fusion)" ;;
esac
