// `rlcf repo env <snapshot>`: a snapshot's environment, built once in a build sandbox that may reach
// the package registries (nothing else of the host is writable there), stored under
// <state>/repo/envs/<id> and read-only afterwards (mounted read-only at /rlcf-env for every run).
//  - Python: a venv with the project installed in editable mode from /testbed (where runs see their
//    patched copy), its test extras and requirement files, and pytest (as swebench's specs do)
//  - Go: the module cache of its dependencies and a build cache warmed by compiling its tests
//  - Rust: the crates it depends on (cargo fetch) and a target directory warmed by building its tests
// A per-repository spec file (JSON: {"install": ["shell cmd", ...], "test_cmd": [...]}) overrides
// the install commands.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SANDBOX_UID } from '../sandbox/host.js';
import { DEFAULT_REPO_LIMITS, type RepoRunResult, runInRepoSandbox } from './sandbox.js';
import { resolveSnapshot } from './snapshot.js';
import { envsDir, readIndex, repoRoot } from './store.js';

export type RepoLanguage = 'python' | 'go' | 'rust';

export interface RepoSpec {
  install?: string[];
  test_cmd?: string[];
  language?: RepoLanguage;
}

export interface RepoEnv {
  id: string;
  dir: string;
  language: RepoLanguage;
  snapshot: string;
  reused: boolean;
  build_ms: number;
}

export function detectLanguage(snapshotDir: string): RepoLanguage {
  if (existsSync(join(snapshotDir, 'go.mod'))) return 'go';
  if (existsSync(join(snapshotDir, 'Cargo.toml'))) return 'rust';
  return 'python';
}

interface Toolchains { python: string; pythonPrefix: string; goroot?: string; rustup?: string; cargoBin?: string }
let tc: Toolchains | undefined;
export function toolchains(): Toolchains {
  if (tc) return tc;
  const [python, prefix] = execFileSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.base_prefix)'],
    { encoding: 'utf8' }).trim().split('\n');
  let goroot: string | undefined;
  try {
    goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch { /* no Go */ }
  let rustup: string | undefined, cargoBin: string | undefined;
  try {
    const rustc = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
    rustup = rustc; // the toolchain directory
    cargoBin = dirname(execFileSync('sh', ['-c', 'command -v cargo'], { encoding: 'utf8' }).trim());
  } catch { /* no Rust */ }
  return (tc = { python, pythonPrefix: prefix, goroot, rustup, cargoBin });
}

/** What a run or build mounts read-only for a language's toolchain, and its environment variables */
export function toolchainMounts(lang: RepoLanguage): { ro: { src: string; dest: string }[]; env: Record<string, string>; path: string[] } {
  const t = toolchains();
  if (lang === 'python') {
    return { ro: [{ src: t.pythonPrefix, dest: t.pythonPrefix }], env: {}, path: ['/rlcf-env/venv/bin', join(t.pythonPrefix, 'bin')] };
  }
  if (lang === 'go') {
    if (!t.goroot) throw new Error('Go is not installed (go env GOROOT failed): install Go to run Go repositories');
    return { ro: [{ src: t.goroot, dest: t.goroot }], env: { GOROOT: t.goroot, GOMODCACHE: '/rlcf-env/gomodcache',
      GOCACHE: '/gocache', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOTELEMETRY: 'off', CGO_ENABLED: '0' }, path: [join(t.goroot, 'bin')] };
  }
  if (!t.rustup || !t.cargoBin) throw new Error('Rust is not installed (rustc --print sysroot failed)');
  return { ro: [{ src: t.rustup, dest: t.rustup }, { src: t.cargoBin, dest: t.cargoBin }],
    env: { CARGO_HOME: '/rlcf-env/cargo', CARGO_TARGET_DIR: '/rlcf-target', RUSTUP_TOOLCHAIN: t.rustup, CARGO_NET_OFFLINE: 'true' },
    path: [join(t.rustup, 'bin'), t.cargoBin] };
}

const PY_INSTALL = [
  'python3 -m venv /rlcf-env/venv',
  // test extras under their usual names (pip only warns about extras a project lacks)
  // a tree that is not a package (no setup.py / pyproject.toml) runs from /testbed (on PYTHONPATH)
  'if [ -f setup.py ] || [ -f pyproject.toml ]; then /rlcf-env/venv/bin/pip install -q -e "/testbed[test,tests,testing]" pytest; else /rlcf-env/venv/bin/pip install -q pytest; fi',
  'for f in requirements-test.txt requirements-tests.txt test-requirements.txt requirements/test.txt tests/requirements.txt requirements-dev.txt; do [ -f "$f" ] && /rlcf-env/venv/bin/pip install -q -r "$f" || true; done',
];
const GO_INSTALL = [
  'mkdir -p /rlcf-env/gomodcache',
  'go mod download',
  // compile (not run) every test binary into the shared build cache (/gocache): runs see it read-only
  // under a private writable layer, so they start warm. The Go build cache is content-addressed and
  // written by the go tool only (compiling runs no code of the repository), so one cache serves every
  // Go environment and the standard library is compiled once per machine.
  "go test -count=1 -run '^$' ./... >/dev/null",
];
const RUST_INSTALL = ['mkdir -p /rlcf-env/cargo /rlcf-env/target', 'CARGO_NET_OFFLINE=false cargo fetch',
  'CARGO_TARGET_DIR=/rlcf-env/target cargo test --no-run -q'];

/** The Go build cache shared by every Go environment's build (writable there) and run (a read-only
 * lower layer under a private writable one) */
export function sharedGocache(stateDir?: string): string {
  const d = join(repoRoot(stateDir), 'gocache');
  if (!existsSync(d)) {
    mkdirSync(d, { recursive: true });
    if (process.getuid?.() === 0) chownSync(d, SANDBOX_UID, SANDBOX_UID);
  }
  return d;
}

/** The read-only trees a run of this environment sees through a private writable layer, besides
 * /testbed: the Go build cache, Rust's warmed target directory */
export function runOverlays(env: { dir: string; language: RepoLanguage }, stateDir?: string): { lower: string; dest: string }[] {
  if (env.language === 'go') return [{ lower: sharedGocache(stateDir), dest: '/gocache' }];
  if (env.language === 'rust') return [{ lower: join(env.dir, 'target'), dest: '/rlcf-target' }];
  return [];
}

export function envId(snapshot: string, lang: RepoLanguage, spec?: RepoSpec): string {
  const t = toolchains();
  const install = spec?.install ?? (lang === 'python' ? PY_INSTALL : lang === 'go' ? GO_INSTALL : RUST_INSTALL);
  return createHash('sha256').update(JSON.stringify({ snapshot, lang, install, t })).digest('hex').slice(0, 32);
}

/** host variables the package clients need in the build sandbox (proxy, CA bundle, mirrors) */
function clientEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && /^(PIP_|GOPROXY$|GONOSUMDB$|GOPRIVATE$|GOSUMDB$|GOINSECURE$|HTTPS?_PROXY$|NO_PROXY$|https?_proxy$|no_proxy$|SSL_CERT_FILE$|REQUESTS_CA_BUNDLE$|CARGO_REGISTRIES_)/.test(k)) out[k] = v;
  }
  return out;
}

function hostFiles(): { src: string; dest: string }[] {
  const out: { src: string; dest: string }[] = [];
  for (const p of ['/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf', '/etc/pip.conf', '/etc/gai.conf']) {
    if (existsSync(p)) out.push({ src: p, dest: p });
  }
  const links = process.env.PIP_FIND_LINKS;
  if (links) for (const l of links.split(/\s+/)) if (l.startsWith('/') && existsSync(l)) out.push({ src: l, dest: l });
  return out;
}

/** Build (or reuse) a snapshot's environment */
export async function buildEnv(snapshotRef: string, opts: { stateDir?: string; spec?: RepoSpec; language?: RepoLanguage;
  log?: (s: string) => void } = {}): Promise<RepoEnv> {
  const snap = resolveSnapshot(snapshotRef, opts.stateDir);
  const maven = Object.entries(readIndex(opts.stateDir)).find(([src, id]) => id === snap.id && src.startsWith('maven:'))?.[0];
  if (maven) {
    // a sources jar has Java source only: no build file, no tests, nothing an environment could run
    throw new Error(`${maven}: a Maven sources jar has no tests or build file, so it has no environment; use it for RepoBench tasks (rlcf eval --bench repobench:snapshot:${maven})`);
  }
  const lang = opts.language ?? opts.spec?.language ?? detectLanguage(snap.dir);
  const id = envId(snap.id, lang, opts.spec);
  const dir = join(envsDir(opts.stateDir), id);
  if (existsSync(join(dir, 'rlcf-env.json'))) {
    return { id, dir, language: lang, snapshot: snap.id, reused: true, build_ms: 0 };
  }
  const t0 = performance.now();
  const tmp = `${dir}.build-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const cache = join(repoRoot(opts.stateDir), 'client-cache');
  mkdirSync(cache, { recursive: true });
  if (process.getuid?.() === 0) {
    chownSync(tmp, SANDBOX_UID, SANDBOX_UID);
    chownSync(cache, SANDBOX_UID, SANDBOX_UID);
  }
  const tcm = toolchainMounts(lang);
  const install = opts.spec?.install ?? (lang === 'python' ? PY_INSTALL : lang === 'go' ? GO_INSTALL : RUST_INSTALL);
  const script = ['set -e', ...install].join('\n');
  const env: Record<string, string> = { ...clientEnv(), ...tcm.env, PATH: [...tcm.path, '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    PIP_CACHE_DIR: '/rlcf-cache/pip', XDG_CACHE_HOME: '/rlcf-cache' };
  if (lang === 'go') env.GOMODCACHE = '/rlcf-env/gomodcache';
  if (lang === 'rust') env.CARGO_NET_OFFLINE = 'false';
  const r: RepoRunResult = await runInRepoSandbox({
    overlays: [{ lower: snap.dir, dest: '/testbed' }],
    ro: [...tcm.ro, ...hostFiles()],
    rw: [{ src: tmp, dest: '/rlcf-env' }, { src: cache, dest: '/rlcf-cache' },
      ...(lang === 'go' ? [{ src: sharedGocache(opts.stateDir), dest: '/gocache' }] : [])],
    env, argv: ['/bin/bash', '-c', script], cwd: '/testbed', network: true,
    limits: { ...DEFAULT_REPO_LIMITS, cpu_s: 1800, wall_ms: 1_800_000, output_bytes: 4 << 20 },
  }, opts.stateDir);
  if (r.exit_code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`building the ${lang} environment of snapshot ${snap.id.slice(0, 12)} failed (exit ${r.exit_code ?? r.signal}${r.timed_out ? ', timed out' : ''}):\n${r.output.slice(-3000)}`);
  }
  writeFileSync(join(tmp, 'rlcf-env.json'), JSON.stringify({ id, snapshot: snap.id, language: lang, install, built_at: new Date().toISOString() }, null, 1));
  // read-only from now on (runs mount it read-only too). Rust's target directory stays writable by
  // its owner: runs see it as an overlay's lower layer (never written), and overlayfs checks the
  // lower file's permissions when a run's cargo writes its own copy
  execFileSync('find', [tmp, '-path', join(tmp, 'target'), '-prune', '-o', '-exec', 'chmod', 'a-w', '{}', '+']);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    if (!existsSync(dir)) throw e;
    execFileSync('chmod', ['-R', 'u+w', tmp]);
    rmSync(tmp, { recursive: true, force: true });
  }
  opts.log?.(`environment ${id} built in ${Math.round(performance.now() - t0)} ms`);
  return { id, dir, language: lang, snapshot: snap.id, reused: false, build_ms: Math.round(performance.now() - t0) };
}

export function readEnvMeta(dir: string): { language: RepoLanguage; snapshot: string } {
  return JSON.parse(readFileSync(join(dir, 'rlcf-env.json'), 'utf8')) as { language: RepoLanguage; snapshot: string };
}
