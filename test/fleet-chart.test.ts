// The Helm chart (deploy/helm/rlcf) renders and validates: `helm template` with each autoscaling mode
// and isolation, then `kubeconform -strict` against offline Kubernetes 1.33 schemas (scripts/setup-test-extras.sh
// installs helm v4 into $RLCF_TOOLS and makes the schemas from the kubernetes-validate wheel:
// scripts/k8s-schemas.py). Skips, naming what to install, when helm, kubeconform or the schemas are absent.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHART = join(import.meta.dirname, '..', 'deploy', 'helm', 'rlcf');
const GOBIN = (() => {
  const r = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' });
  return r.status === 0 ? join(r.stdout.trim().split(':')[0], 'bin') : join(homedir(), 'go', 'bin');
})();
// where scripts/setup-test-extras.sh puts helm (the official static binary), before PATH and GOBIN
const TOOLS = process.env.RLCF_TOOLS ?? join(homedir(), '.cache', 'rlcf', 'bin');
function tool(name: string): string | null {
  if (existsSync(join(TOOLS, name))) return join(TOOLS, name);
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status === 0) return r.stdout.trim();
  return existsSync(join(GOBIN, name)) ? join(GOBIN, name) : null;
}
const HELM = tool('helm');
const KUBECONFORM = tool('kubeconform');
const SCHEMAS = process.env.RLCF_K8S_SCHEMAS ?? join(homedir(), '.cache', 'rlcf', 'k8s-schemas');
const HAVE_SCHEMAS = existsSync(join(SCHEMAS, 'v1.33.0-standalone-strict', 'deployment-apps-v1.json'));
const missing = [!HELM && `helm (bash scripts/setup-test-extras.sh installs it into ${TOOLS})`,
  !KUBECONFORM && 'kubeconform (bash scripts/setup-test-extras.sh: go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0)',
  !HAVE_SCHEMAS && `Kubernetes schemas in ${SCHEMAS} (scripts/setup-test-extras.sh: scripts/k8s-schemas.py)`].filter(Boolean);
if (missing.length) console.warn(`fleet chart tests skipped: missing ${missing.join(', ')}`);

function template(sets: string[], chart = CHART): { status: number | null; out: string; err: string } {
  const r = spawnSync(HELM!, ['template', 'fleet', chart, ...sets.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function validate(yaml: string, skip: string[] = []): { status: number | null; out: string } {
  const r = spawnSync(KUBECONFORM!, ['-strict', '-summary', '-kubernetes-version', '1.33.0', '-schema-location',
    join(SCHEMAS, '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json'),
    ...(skip.length ? ['-skip', skip.join(',')] : []), '-'], { input: yaml, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(missing.length > 0)('Helm chart deploy/helm/rlcf (helm template + kubeconform)', () => {
  it.each([
    // Secret, front-end Deployment + Service, worker Deployment, Redis StatefulSet + Service, HPA
    ['hpa, privileged workers', ['autoscaling.mode=hpa'], 7],
    ['keda, userns workers, a Java-only pool', ['autoscaling.mode=keda', 'worker.isolation=userns', 'worker.languages=java'], 7],
    ['fixed replicas, external Redis', ['autoscaling.mode=none', 'redis.enabled=false', 'redis.externalUrl=redis://r:6379'], 4],
  ])('%s: renders and validates strictly', (_name, sets, resources) => {
    const t = template(['auth.token=secret', ...sets]);
    expect(t.err).toBe('');
    expect(t.status).toBe(0);
    // the ScaledObject is KEDA's CRD (no schema offline): checked by shape below
    const v = validate(t.out, ['ScaledObject']);
    const keda = sets.includes('autoscaling.mode=keda') ? 1 : 0;
    expect(v.out).toMatch(new RegExp(`${resources} resources found .* Valid: ${resources - keda}, Invalid: 0, Errors: 0, Skipped: ${keda}`));
    expect(v.status).toBe(0);
    expect(t.out).toMatch(/- --queue=redis:\/\//);
    if (sets.includes('autoscaling.mode=keda')) {
      expect(t.out).toMatch(/kind: ScaledObject[\s\S]*type: metrics-api[\s\S]*valueLocation: queue_depth/);
      expect(t.out).toMatch(/hostUsers: false/);
      expect(t.out).toMatch(/- --languages=java/);
    }
  });

  it('kubeconform rejects a wrong field (the validation can fail) and helm names a missing token', () => {
    const t = template(['auth.token=secret']);
    const broken = t.out.replace('terminationGracePeriodSeconds:', 'terminationGracePeriodSecond:');
    expect(validate(broken).status).not.toBe(0);
    const none = template([]);
    expect(none.status).not.toBe(0);
    expect(none.err).toMatch(/auth.token \(or auth.existingSecret\) is required/);
  });

  // values.schema.json: a value the templates would quietly misread (an unknown mode renders no
  // autoscaler; an unknown isolation, unprivileged workers) is refused, naming the field
  it.each([
    ['autoscaling.mode=keeda', /\/autoscaling\/mode.*one of 'hpa', 'keda', 'none'/],
    ['worker.isolation=root', /\/worker\/isolation.*one of 'privileged', 'userns'/],
    ['worker.isolaton=userns', /\/worker.*'isolaton' not allowed/],
    ['worker.replicas=two', /\/worker\/replicas.*want integer/],
    ['redis.externalUrl=http://r:6379', /\/redis\/externalUrl.*does not match/],
  ])('helm refuses the bad value %s, naming it', (set, why) => {
    const t = template(['auth.token=secret', set]);
    expect(t.status).not.toBe(0);
    expect(t.err).toMatch(why);
  });

  it('a template that renders an invalid object fails validation (a copy of the chart, one field broken)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-chart-'));
    try {
      cpSync(CHART, dir, { recursive: true });
      const f = join(dir, 'templates', 'frontend.yaml');
      // replicas as a string: helm renders it happily, the Deployment schema does not take it
      writeFileSync(f, readFileSync(f, 'utf8').replace('replicas: {{ .Values.frontend.replicas }}', 'replicas: {{ .Values.frontend.replicas | quote }}'));
      const t = template(['auth.token=secret'], dir);
      expect(t.status).toBe(0);
      const v = validate(t.out);
      expect(v.status).not.toBe(0);
      expect(v.out).toMatch(/Deployment fleet-rlcf-frontend is invalid.*replicas/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
