// `npm run bench:server`: figures of the reward server over loopback (not a test).
//   1. 256 HumanEval completions (canonical solutions) in ONE POST /v1/grade (target ≤ 0.6 s on 2 cores)
//   2. verl's load: one POST /run_code per test case, 64 and 256 requests in flight
//   3. a SandboxFusion server side by side on the same load (--sandbox-fusion-url: its Docker image;
//      PyPI has only its client, see sandboxFusionServer)
// The server runs as a child process (`node bin/rlcf.js serve --port 0`), so its RSS is its own.
// Options: --reps <k> (default 3), --requests <n> per concurrency level (default 1024), --slots <k>,
//          --sandbox-fusion-url <base URL of a running SandboxFusion server>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { loadBuiltin } from '../benchmarks/builtin.js';
import { startServer } from './child-server.js';
import { fmt, median, pct, vsTarget } from './stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HUMANEVAL = join(ROOT, '..', 'shared', 'data', 'HumanEval.jsonl.gz');
const TARGET_BATCH_S = 0.6;
const TARGET_RATIO = 10;

function parseArgs(argv: string[]) {
  const o = { reps: 3, requests: 1024, slots: 0, sandboxFusionUrl: '' };
  for (let i = 0; i < argv.length; i++) {
    const v = Number(argv[i + 1]);
    if (argv[i] === '--reps') { o.reps = Math.max(1, v); i++; } else if (argv[i] === '--requests') { o.requests = Math.max(1, v); i++; } else if (argv[i] === '--slots') { o.slots = v; i++; } else if (argv[i] === '--sandbox-fusion-url') {
      o.sandboxFusionUrl = String(argv[++i] ?? '').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(o.sandboxFusionUrl)) throw new Error('--sandbox-fusion-url needs the base URL of a running SandboxFusion server, e.g. http://127.0.0.1:8081');
    } else throw new Error(`unknown option ${argv[i]} (options: --reps N, --requests N, --slots N, --sandbox-fusion-url URL)`);
  }
  return o;
}

function rssMb(pid: number): { rss: number; peak: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

async function postJson(dispatcher: Agent, url: string, body: unknown): Promise<{ ms: number; json: any }> {
  const t0 = performance.now();
  const r = await request(url, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await r.body.json();
  if (r.statusCode !== 200) throw new Error(`${url}: HTTP ${r.statusCode}: ${JSON.stringify(json)}`);
  return { ms: performance.now() - t0, json };
}

/** verl's request: one test case, exactly the fields verl sends. */
function verlBody(code: string, stdin: string) {
  return { compile_timeout: 10, run_timeout: 10, code, stdin, memory_limit_MB: 1024, language: 'python', files: {}, fetch_files: [] };
}

async function perTestLoad(dispatcher: Agent, url: string, cases: { code: string; stdin: string; stdout: string }[], n: number, conc: number) {
  const lat: number[] = [];
  let next = 0;
  let wrong = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < n) {
      const c = cases[next++ % cases.length];
      const { ms, json } = await postJson(dispatcher, `${url}/run_code`, verlBody(c.code, c.stdin));
      lat.push(ms);
      const out = String(json.run_result?.stdout ?? '').replace(/\s+$/, '');
      if (json.status !== 'Success' || out !== c.stdout.replace(/\s+$/, '')) wrong++;
    }
  }));
  const s = (performance.now() - t0) / 1000;
  return { n, conc, s, rps: n / s, p50: pct(lat, 50), p99: pct(lat, 99), wrong };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const dispatcher = new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 30_000 });
  const haveHe = existsSync(HUMANEVAL);
  const args = [...(o.slots ? ['--slots', String(o.slots)] : []), ...(haveHe ? ['--bench', `humaneval:${HUMANEVAL}`] : [])];
  const { proc, url } = await startServer(args);
  console.log(`rlcf serve at ${url} (pid ${proc.pid}); server RSS at start ${fmt(rssMb(proc.pid!).rss)} MiB`);
  try {
    // 1. one /v1/grade call of 256 HumanEval completions
    if (!haveHe) {
      console.log(`batch: skipped: ${HUMANEVAL} is absent (HumanEval.jsonl.gz from openai/human-eval)`);
    } else {
      const { loadHumanEval } = await import('../benchmarks/humaneval.js');
      const tasks = (await loadHumanEval(HUMANEVAL)).filter((t) => t.reference !== undefined);
      const items = Array.from({ length: 256 }, (_, i) => {
        const t = tasks[i % tasks.length];
        return { id: `${t.id}#${i}`, completion: t.reference!, task: { benchmark: 'humaneval', id: t.id } };
      });
      await postJson(dispatcher, `${url}/v1/grade`, { items: items.slice(0, 32) }); // warm the agents
      const times: number[] = [];
      let passed = 0;
      for (let r = 0; r < o.reps; r++) {
        const { ms, json } = await postJson(dispatcher, `${url}/v1/grade`, { items, options: { reward: 'binary', run_all: false } });
        times.push(ms / 1000);
        passed = json.summary.passed;
      }
      const med = median(times);
      console.log(`batch: 256 HumanEval completions in one /v1/grade: median ${fmt(med, 3)} s (best ${fmt(Math.min(...times), 3)} s, ` +
        `${fmt(256 / med, 0)} completions/s), ${passed}/256 passed  ${vsTarget(med, TARGET_BATCH_S, '<=', 2)}`);
      // the server starts tasks it has seen take long first (judge/costs.ts): the first call knew the
      // costs of the 32 warm-up tasks only
      console.log(`batch: first call ${fmt(times[0], 3)} s (task costs mostly unknown: arrival order); ` +
        `later calls ${times.slice(1).map((t) => fmt(t, 3)).join(', ')} s`);
    }

    // 2. verl's per-test load on the built-in suite's Python references
    const cases = loadBuiltin().filter((t) => t.language === 'python' && t.judge.kind === 'stdio' && t.reference)
      .flatMap((t) => (t.judge.kind === 'stdio' ? t.judge.cases.slice(0, 10) : []).map((c) => ({ code: t.reference!, stdin: c.stdin, stdout: c.stdout })));
    await perTestLoad(dispatcher, url, cases, 64, 16); // warm-up
    const per: Awaited<ReturnType<typeof perTestLoad>>[] = [];
    for (const conc of [64, 256]) {
      const r = await perTestLoad(dispatcher, url, cases, o.requests, conc);
      per.push(r);
      console.log(`per-test (verl): ${r.n} /run_code requests, ${conc} in flight: ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.p50)} ms, ` +
        `p99 ${fmt(r.p99)} ms${r.wrong ? `, ${r.wrong} not Success/expected (builtin cases with float tolerance compare loosely)` : ''}`);
    }
    const m = rssMb(proc.pid!);
    console.log(`server RSS: ${fmt(m.rss)} MiB now, peak ${fmt(m.peak)} MiB (node process; sandbox agents are separate processes)`);

    // 3. sandbox-fusion side by side: a server the user runs (its Docker image), same load
    const ours = Math.max(...per.map((p) => p.rps));
    if (o.sandboxFusionUrl) {
      const sf = `${o.sandboxFusionUrl}`;
      await perTestLoad(dispatcher, sf, cases, 16, 4); // warm-up
      for (const conc of [64, 256]) {
        const r = await perTestLoad(dispatcher, sf, cases, o.requests, conc);
        const mine = per.find((p) => p.conc === conc)!;
        console.log(`sandbox-fusion at ${sf}: ${r.n} /run_code requests, ${conc} in flight: ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.p50)} ms, ` +
          `p99 ${fmt(r.p99)} ms, ${r.wrong} not Success/expected; rlcf/sandbox-fusion ${fmt(mine.rps / r.rps, 2)}×  ` +
          `${vsTarget(mine.rps / r.rps, TARGET_RATIO, '>=', 2)}`);
      }
    } else {
      const why = sandboxFusionServer();
      console.log(`sandbox-fusion: not run side by side: ${why}; start its server (docker run volcengine/sandbox-fusion) and pass ` +
        `--sandbox-fusion-url to compare; target: ≥ ${TARGET_RATIO}× its per-test throughput (rlcf here: ${fmt(ours, 0)} req/s)`);
    }
  } finally {
    proc.kill('SIGTERM');
    await dispatcher.close();
  }
}

/** Why PyPI's sandbox-fusion cannot be run as a server here (or '' if it could). */
function sandboxFusionServer(): string {
  const r = spawnSync('python3', ['-c', 'import sandbox_fusion, os; print(os.listdir(os.path.dirname(sandbox_fusion.__file__)))'], { encoding: 'utf8' });
  if (r.status !== 0) return 'the sandbox-fusion package is not installed (pip install sandbox-fusion)';
  if (!/server|app\.py|runners/.test(r.stdout)) {
    return `PyPI's sandbox-fusion is only the HTTP client (${r.stdout.trim()}); the server ships as the Docker image ` +
      'volcengine/sandbox-fusion (a Poetry app, not on PyPI) and this host has no Docker daemon';
  }
  return 'the sandbox-fusion server launcher is not wired into this bench yet';
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
