#!/usr/bin/env bash
# Fresh-machine setup: system packages rlcf needs (when root and apt is available), then npm deps.
# Language toolchains (python3, node, gcc/g++, rustc, go, a JDK) are reported by `rlcf doctor`.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
[ -f /usr/share/java/javatuples.jar ] || need+=(libjavatuples-java)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
# the sandbox agent's C hot path (src/sandbox/pyfast.ts): a C compiler and the interpreter's headers
command -v gcc >/dev/null 2>&1 || need+=(gcc)
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import os,sysconfig,sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  need+=(python3-dev)
fi
# the viewer's browser tests (playwright-core drives Debian's chromium)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install: ${need[*]} (Debian/Ubuntu: sudo apt-get install ${need[*]})" >&2
  fi
fi
# the fleet (src/fleet, issue 17): Debian's redis-server for the queue tests and bench:scale
# (their tests skip, naming it, when it is absent)
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } \
      || echo "setup: apt-get install redis-server failed; the fleet tests will skip" >&2
  else
    echo "setup: please install redis-server (Debian/Ubuntu: sudo apt-get install redis-server) for the fleet tests" >&2
  fi
fi
npm ci --no-audit --no-fund
# the reward server's Python client tests (clients/python/tests): pytest, the real sandbox-fusion
# client, and the pure-Python reward modules of verl and OpenRLHF (wheels only: the full packages
# pull torch, several GB, so the tests load the reward modules from the wheels)
if command -v python3 >/dev/null 2>&1; then
  python3 -m pip install -q --disable-pip-version-check pytest sandbox-fusion==0.3.7 requests aiohttp \
    || echo "setup: pip install of the Python client test deps failed; those tests will skip" >&2
  # RepoBench edit similarity is checked against rapidfuzz's fuzz.ratio (test/repobench.test.ts)
  python3 -m pip install -q --disable-pip-version-check rapidfuzz==3.14.6 \
    || echo "setup: pip install rapidfuzz failed; the RepoBench metric cross-check will skip" >&2
  wheels="${RLCF_WHEELS:-$HOME/.cache/rlcf/wheels}"
  mkdir -p "$wheels"
  python3 -m pip download -q --disable-pip-version-check --no-deps -d "$wheels" verl==0.9.1 openrlhf==0.11.2 \
    || echo "setup: could not download the verl/openrlhf wheels; their tests will skip" >&2
fi
