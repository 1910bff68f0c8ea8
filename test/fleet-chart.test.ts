// The Helm chart (deploy/helm/rlcf) renders and validates: `helm template` with each autoscaling mode
// and isolation, then `kubeconform -strict` against offline Kubernetes 1.33 schemas (scripts/setup-test-extras.sh makes
// them from the kubernetes-validate wheel: scripts/k8s-schemas.py). Skips, naming what to install,
// when helm, kubeconform or the schemas are absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHART = join(import.meta.dirname, '..', 'deploy', 'helm', 'rlcf');
const GOBIN = (() => {
  const r = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' });
  return r.status === 0 ? join(r.stdout.trim().split(':')[0], 'bin') : join(homedir(), 'go', 'bin');
})();
function tool(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status === 0) return r.stdout.trim();
  return existsSync(join(GOBIN, name)) ? join(GOBIN, name) : null;
}
const HELM = tool('helm');
const KUBECONFORM = tool('kubeconform');
const SCHEMAS = process.env.RLCF_K8S_SCHEMAS ?? join(homedir(), '.cache', 'rlcf', 'k8s-schemas');
const HAVE_SCHEMAS = existsSync(join(SCHEMAS, 'v1.33.0-standalone-strict', 'deployment-apps-v1.json'));
const missing = [!HELM && 'helm (go install helm.sh/helm/v3/cmd/helm@v3.22.0)',
  !KUBECONFORM && 'kubeconform (go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0)',
  !HAVE_SCHEMAS && `Kubernetes schemas in ${SCHEMAS} (scripts/setup-test-extras.sh: scripts/k8s-schemas.py)`].filter(Boolean);
if (missing.length) console.warn(`fleet chart tests skipped: missing ${missing.join(', ')}`);

function template(sets: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(HELM!, ['template', 'fleet', CHART, ...sets.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
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
});
