// `npm run bench:rl`: one RL reward step's grading (figures, not a test). 256 completions × 20
// stdin/stdout tests in a CodeContests-like mix (rl-mix.ts: Python 40%, C++ 30%, Java 10%, Rust 10%,
// Go 5%, JS 5%; ~15% wrong, ~5% too slow), every completion a source of its own, graded
//   (a) in one POST /v1/grade (rlcf's batch API), and
//   (b) as verl sends it: one SandboxFusion POST /run_code per test, 64 in flight,
// against rlcf's server and against SandboxFusion's real server in the same run, with each side's
// verdicts checked against the ones the workload was built to have, and each side's isolation probed.
// SandboxFusion: --sandbox-fusion-url of a running server, or started here through
// scripts/sandbox-fusion.sh (its source snapshot in SF_SRC or already installed in SF_HOME).
// Options: --samples N (256), --tests N (20), --time-limit-s S (2; run_timeout / timeout_ms),
//          --conc N (64), --slots K, --sandbox-fusion-url URL, --no-sandbox-fusion,
//          --sf-samples N (completions sent to SandboxFusion, default all; fewer: a subset in the
//          mix's proportions, every test of each, and rlcf's per-test figure on the same subset too),
//          --sf-conc N (SandboxFusion's requests in flight, default --conc: fewer shows its
//          throughput where its latency stays under verl's 30 s timeout)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { startServer } from './child-server.js';
import { MIX, type MixLang, type Sample, makeMix } from './rl-mix.js';
import { fmt, pct, pool, vsTarget } from './stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET_A = 10;
const DB = join(tmpdir(), `rlcf-bench-rl-${process.pid}.db`);
const TARGET_B = 5;

function parseArgs(argv: string[]) {
  const o = { samples: 256, tests: 20, timeS: 2, conc: 64, slots: 0, sfUrl: '', noSf: false, sfSamples: 0, sfConc: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number, got ${argv[i]}`);
      return v;
    };
    if (a === '--samples') o.samples = Math.floor(num());
    else if (a === '--tests') o.tests = Math.max(2, Math.floor(num()));
    else if (a === '--time-limit-s') o.timeS = num();
    else if (a === '--conc') o.conc = Math.floor(num());
    else if (a === '--slots') o.slots = Math.floor(num());
    else if (a === '--sf-samples') o.sfSamples = Math.floor(num());
    else if (a === '--sf-conc') o.sfConc = Math.floor(num());
    else if (a === '--no-sandbox-fusion') o.noSf = true;
    else if (a === '--sandbox-fusion-url') {
      o.sfUrl = String(argv[++i] ?? '').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(o.sfUrl)) throw new Error('--sandbox-fusion-url needs the base URL of a running SandboxFusion server, e.g. http://127.0.0.1:8081');
    } else {
      throw new Error(`unknown option ${a} (options: --samples N, --tests N, --time-limit-s S, --conc N, --slots K, ` +
        '--sandbox-fusion-url URL, --no-sandbox-fusion, --sf-samples N, --sf-conc N)');
    }
  }
  if (!o.sfSamples || o.sfSamples > o.samples) o.sfSamples = o.samples;
  if (!o.sfConc) o.sfConc = o.conc;
  return o;
}

const dispatcher = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });

async function post(url: string, body: unknown): Promise<any> {
  const r = await request(url, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.body.text();
  if (r.statusCode !== 200) throw new Error(`${url}: HTTP ${r.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** verl's client: 30 s HTTP timeout; retries a 504 (only) after a pause, up to 3 times. */
async function postVerl(url: string, body: unknown): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const r = await request(url, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      headersTimeout: 30_000, bodyTimeout: 30_000 });
    const text = await r.body.text();
    if (r.statusCode === 504 && attempt < 3) {
      const after = Number(r.headers['retry-after']);
      await new Promise((res) => setTimeout(res, Number.isFinite(after) && after > 0 ? after * 1000 : 1000 * (attempt + 1)));
      continue;
    }
    if (r.statusCode !== 200) throw new Error(`${url}: HTTP ${r.statusCode}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }
}

const sfName = (l: MixLang) => MIX.find((m) => m.lang === l)!.sf;

/** verl's request for one test (verl/utils/reward_score/sandbox_fusion), the time limit aside. */
function verlBody(s: Sample, t: number, timeS: number) {
  return { compile_timeout: 10, run_timeout: timeS, code: s.code, stdin: s.tests[t].stdin, memory_limit_MB: 1024,
    language: sfName(s.lang), files: {}, fetch_files: [] };
}

/** verl's pass rule: Success, run Finished, stdout equal after rstrip('\n'). */
function verlPassed(json: any, expected: string): boolean {
  return json.status === 'Success' && json.run_result?.status === 'Finished' &&
    String(json.run_result?.stdout ?? '').replace(/\n+$/, '') === expected.replace(/\n+$/, '');
}

interface Outcome {
  seconds: number;
  requests: number;
  /** per sample, per test sent: passed (undefined: not sent) */
  passed: (boolean | undefined)[][];
  errors: number;
  lat: number[];
}

/** n of the mix's completions in its language proportions (the first of each language). */
function subset(mix: Sample[], n: number): Sample[] {
  if (n >= mix.length) return mix;
  const keep = new Set<Sample>();
  for (const m of MIX) {
    const of = mix.filter((s) => s.lang === m.lang);
    for (const s of of.slice(0, Math.max(1, Math.round((n * of.length) / mix.length)))) keep.add(s);
  }
  return mix.filter((s) => keep.has(s));
}

async function perTest(url: string, mix: Sample[], conc: number, timeS: number): Promise<Outcome> {
  const jobs: { s: Sample; t: number }[] = [];
  for (const s of mix) for (let t = 0; t < s.tests.length; t++) jobs.push({ s, t });
  const passed: (boolean | undefined)[][] = [];
  for (const s of mix) passed[s.index] = [];
  const lat: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await pool(jobs, conc, async ({ s, t }) => {
    const t1 = performance.now();
    try {
      const json = await postVerl(`${url}/run_code`, verlBody(s, t, timeS));
      passed[s.index][t] = verlPassed(json, s.tests[t].stdout);
    } catch (e) {
      if (!errors++) console.log(`  first HTTP error: ${(e as Error).message.slice(0, 300)}`);
      passed[s.index][t] = false;
    }
    lat.push(performance.now() - t1);
  });
  return { seconds: (performance.now() - t0) / 1000, requests: jobs.length, passed, errors, lat };
}

async function batch(url: string, mix: Sample[], timeS: number): Promise<Outcome & { summary: unknown }> {
  const items = mix.map((s) => ({
    id: String(s.index), completion: s.code,
    task: { language: s.lang, tests: { inputs: s.tests.map((t) => t.stdin), outputs: s.tests.map((t) => t.stdout) },
      limits: { timeout_ms: timeS * 1000, memory_mb: 1024 } },
  }));
  const t0 = performance.now();
  const json = await post(`${url}/v1/grade`, { items, options: { reward: 'binary', run_all: true, sanitize: false } });
  const seconds = (performance.now() - t0) / 1000;
  const passed = mix.map((s) => {
    const it = (json.items as any[]).find((x) => x.id === String(s.index));
    return s.tests.map((_, t) => Boolean(it?.tests?.[t]?.passed));
  });
  return { seconds, requests: mix.length * mix[0].tests.length, passed, errors: 0, lat: [], summary: json.summary };
}

/** Tests whose verdict differs from the one the workload was built to have, by language. */
function disagreements(mix: Sample[], o: Outcome): { total: number; sent: number; byLang: Record<string, number> } {
  let total = 0;
  let sent = 0;
  const byLang: Record<string, number> = {};
  for (const s of mix) {
    (o.passed[s.index] ?? []).forEach((p, t) => {
      if (p === undefined) return;
      sent++;
      if (p !== s.expectPass[t]) {
        total++;
        byLang[s.lang] = (byLang[s.lang] ?? 0) + 1;
      }
    });
  }
  return { total, sent, byLang };
}

/** What a program can do on each side: its uid, and whether it reaches the host's loopback (the
 * grading server itself). */
async function isolation(url: string): Promise<string> {
  const port = new URL(url).port || '80';
  const code = `import os, socket\ns = socket.socket()\ns.settimeout(1)\ntry:\n    s.connect(('127.0.0.1', ${port}))\n    net = 'reaches the server on the host loopback'\nexcept OSError as e:\n    net = 'no host network (' + type(e).__name__ + ')'\nprint('uid', os.getuid(), '|', net, '|', 'pid 1:', open('/proc/1/cmdline','rb').read().split(b'\\0')[0].decode(errors='replace'))\n`;
  try {
    const j = await post(`${url}/run_code`, { code, language: 'python', run_timeout: 5, memory_limit_MB: 1024, files: {}, fetch_files: [] });
    return String(j.run_result?.stdout ?? j.message ?? '').trim() || JSON.stringify(j).slice(0, 200);
  } catch (e) {
    return `probe failed: ${(e as Error).message}`;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** SandboxFusion through scripts/sandbox-fusion.sh on a free port; null with the reason when it cannot. */
async function startSandboxFusion(): Promise<{ proc: ChildProcess; url: string } | string> {
  const home = process.env.SF_HOME ?? join(process.env.RLCF_HOME ?? join(process.env.HOME ?? '/root', '.rlcf'), 'sandbox-fusion');
  if (!process.env.SF_SRC && !existsSync(join(home, 'src', 'sandbox', 'server', 'server.py'))) {
    return `no SandboxFusion here: set SF_SRC to a source snapshot of bytedance/SandboxFusion (scripts/sandbox-fusion.sh installs it in ${home}) or pass --sandbox-fusion-url`;
  }
  const port = await freePort();
  const proc = spawn('bash', [join(ROOT, 'scripts', 'sandbox-fusion.sh'), 'start', String(port)], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000; // the first start installs it (pip)
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) return `scripts/sandbox-fusion.sh exited with ${proc.exitCode}: ${err.trim().split('\n').slice(-3).join(' | ')}`;
    try {
      const r = await request(`${url}/`, { dispatcher });
      await r.body.dump();
      if (r.statusCode < 500) return { proc, url };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  return 'SandboxFusion did not start within 10 minutes';
}

/** One request per language (and the Go build cache filled) before anything is timed. */
async function warm(url: string, mix: Sample[], timeS: number) {
  const firsts = MIX.map((m) => mix.find((s) => s.lang === m.lang && s.variant === 'ok')).filter((s): s is Sample => !!s);
  await pool(firsts, 8, (s) => post(`${url}/run_code`, { ...verlBody(s, 0, timeS), code: `${s.code}\n` }).catch(() => undefined));
}

function line(name: string, o: Outcome, mix: Sample[]) {
  const d = disagreements(mix, o);
  const by = Object.entries(d.byLang).map(([l, c]) => `${l} ${c}`).join(', ');
  return `${name}: ${o.requests} tests in ${fmt(o.seconds, 2)} s = ${fmt(o.requests / o.seconds, 1)} tests/s` +
    (o.lat.length ? `, p50 ${fmt(pct(o.lat, 50), 0)} ms, p99 ${fmt(pct(o.lat, 99), 0)} ms` : '') +
    `; verdicts not as built: ${d.total}/${d.sent}${by ? ` (${by})` : ''}` +
    (o.errors ? `; ${o.errors} unanswered (HTTP error or verl's 30 s timeout: scored as failures), ` +
      `${fmt((o.requests - o.errors) / o.seconds, 2)} answered/s` : '');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const salt = Date.now().toString(36);
  // (a) and (b) grade different texts of the same workload: rlcf's compile cache must not serve (b)
  const mixA = makeMix(o.samples, o.tests, `${salt}a`);
  const mixB = makeMix(o.samples, o.tests, `${salt}b`);
  const counts = MIX.map((m) => `${m.lang} ${mixA.filter((s) => s.lang === m.lang).length}`).join(', ');
  const variants = ['ok', 'wrong', 'slow'].map((v) => `${v} ${mixA.filter((s) => s.variant === v).length}`).join(', ');
  console.log(`workload: ${o.samples} completions × ${o.tests} tests (${counts}; ${variants}); time limit ${o.timeS} s, ` +
    `memory 1024 MB, per-test load ${o.conc} in flight`);

  // admission sized for the client's own concurrency (an operator serving verl at 64 in flight sets
  // it so): the default bound follows the measured completion rate and answers 504 sooner
  const rl = await startServer([...(o.slots ? ['--slots', String(o.slots)] : []), '--max-queue', String(Math.max(4096, o.conc * 4)),
    '--max-queue-per-client', String(Math.max(4096, o.conc * 4)),
    // an eval store of its own: the state directory's may belong to another rlcf version
    '--db', DB]);
  let sf: { proc?: ChildProcess; url: string } | null = null;
  let sfWhy = '';
  try {
    if (o.sfUrl) sf = { url: o.sfUrl };
    else if (!o.noSf) {
      const r = await startSandboxFusion();
      if (typeof r === 'string') sfWhy = r;
      else sf = r;
    } else sfWhy = '--no-sandbox-fusion';

    console.log(`rlcf isolation probe: ${await isolation(rl.url)}`);
    await warm(rl.url, makeMix(o.samples, o.tests, `${salt}w`), o.timeS);

    const a = await batch(rl.url, mixA, o.timeS);
    console.log(line('rlcf (a) one /v1/grade', a, mixA));
    const b = await perTest(rl.url, mixB, o.conc, o.timeS);
    console.log(line(`rlcf (b) /run_code per test, ${o.conc} in flight`, b, mixB));
    const sfMix = subset(mixB, o.sfSamples);
    const sfCounts = MIX.map((m) => `${m.lang} ${sfMix.filter((s) => s.lang === m.lang).length}`).join(', ');
    let bSub: Outcome | null = null;
    if (sf && sfMix.length < mixB.length) {
      const mixC = subset(makeMix(o.samples, o.tests, `${salt}c`), o.sfSamples);
      bSub = await perTest(rl.url, mixC, o.conc, o.timeS);
      console.log(line(`rlcf (b) on SandboxFusion's subset (${mixC.length} completions: ${sfCounts})`, bSub, mixC));
    }

    if (!sf) {
      console.log(`sandbox-fusion: not run: ${sfWhy}; targets (a) ≥ ${TARGET_A}×, (b) ≥ ${TARGET_B}× its per-test throughput`);
      return;
    }
    console.log(`sandbox-fusion isolation probe: ${await isolation(sf.url)} (its stock local.yaml: isolation none)`);
    await warm(sf.url, mixB, o.timeS);
    const s = await perTest(sf.url, sfMix, o.sfConc, o.timeS);
    const sub = sfMix.length < mixB.length ? ` (${sfMix.length} completions: ${sfCounts}; all their tests)` : '';
    console.log(line(`sandbox-fusion /run_code per test, ${o.sfConc} in flight${sub}`, s, sfMix));
    const sfRate = s.requests / s.seconds;
    const bRate = (bSub ?? b).requests / (bSub ?? b).seconds;
    console.log(`ratio (a) rlcf one /v1/grade vs sandbox-fusion per test: ${vsTarget((a.requests / a.seconds) / sfRate, TARGET_A, '>=', 2)}`);
    console.log(`ratio (b) rlcf per test vs sandbox-fusion per test${bSub ? ' (same subset)' : ''}: ${vsTarget(bRate / sfRate, TARGET_B, '>=', 2)}`);
  } finally {
    rl.proc.kill('SIGTERM');
    rl.proc.once('exit', () => {
      for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(f, { force: true });
    });
    if (sf?.proc?.pid) {
      try {
        process.kill(-sf.proc.pid, 'SIGTERM'); // its process group: the script's uvicorn and its runners
      } catch { /* gone */ }
    }
    await dispatcher.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
