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
# the Helm chart's validation (test/fleet-chart.test.ts): kubeconform from the Go module proxy
# (about a minute), offline Kubernetes schemas from the kubernetes-validate wheel; helm itself takes
# many minutes to build, so only with RLCF_SETUP_HELM=1 (the test skips, naming what is missing)
if command -v go >/dev/null 2>&1; then
  gobin="$(go env GOPATH | cut -d: -f1)/bin"
  [ -x "$gobin/kubeconform" ] || go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0 \
    || echo "setup: go install kubeconform failed; the chart test will skip" >&2
  if [ "${RLCF_SETUP_HELM:-0}" = 1 ] && [ ! -x "$gobin/helm" ]; then
    go install helm.sh/helm/v3/cmd/helm@v3.22.0 || echo "setup: go install helm failed; the chart test will skip" >&2
  fi
fi
schemas="${RLCF_K8S_SCHEMAS:-$HOME/.cache/rlcf/k8s-schemas}"
if [ ! -f "$schemas/v1.33.0-standalone-strict/deployment-apps-v1.json" ] && command -v python3 >/dev/null 2>&1; then
  tmpw="$(mktemp -d)"
  { python3 -m pip download -q --disable-pip-version-check --no-deps -d "$tmpw" kubernetes-validate==1.37.0 \
    && python3 scripts/k8s-schemas.py "$tmpw"/kubernetes_validate-1.37.0-py3-none-any.whl "$schemas" >/dev/null; } \
    || echo "setup: could not make the Kubernetes schemas; the chart test will skip" >&2
  rm -rf "$tmpw"
fi
# repository tasks (issue 14): the official `swebench` package in its own venv, for the fidelity
# test that compares rlcf's log parsing and grading with swebench's (test/repo-fidelity.test.ts);
# its client deps are what swebench.harness imports (it imports without a Docker daemon)
if command -v python3 >/dev/null 2>&1; then
  swe="${RLCF_SWEBENCH_VENV:-$HOME/.cache/rlcf/swebench-venv}"
  if [ ! -x "$swe/bin/python" ] || ! "$swe/bin/python" -c 'import swebench.harness.grading' >/dev/null 2>&1; then
    { python3 -m venv "$swe" \
      && "$swe/bin/pip" install -q --disable-pip-version-check swebench==5.0.2 docker modal datasets unidiff python-dotenv tenacity \
      && "$swe/bin/python" -c 'import swebench.harness.grading'; } \
      || echo "setup: could not install swebench==5.0.2 in $swe; the swebench fidelity test will skip" >&2
  fi
fi
