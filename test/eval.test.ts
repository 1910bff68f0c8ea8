import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/benchmarks/index.js';
import { type TestServer, startTestServer } from './fixtures/openai-server.js';
import { Store } from '../src/store/store.js';
import { TEST_STATE, runChild } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'mini-humaneval.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-eval-'));

let server: TestServer;
let canon: Map<string, string>;
beforeAll(async () => {
  const tasks = await loadBenchmark(`humaneval:${FIXTURE}`);
  canon = new Map(tasks.map((t) => [t.prompt, t.reference!]));
  // one generation per request (a server that caps n), slow enough to kill the run in the middle;
  // every third request answers wrongly
  server = await startTestServer({
    max_n: 1, latency_ms: 150,
    script: (req) => (req.request_index % 3 === 2 ? '    return None\n' : canon.get(req.prompt) ?? '    pass\n'),
  });
});
afterAll(async () => {
  await server?.close();
});

const args = (db: string, extra: string[] = []) => [BIN, 'eval', '--bench', `humaneval:${FIXTURE}`, '--model',
  `openai-compatible-completions:${server.url}#mini`, '-n', '4', '-k', '1,2,10', '--db', db, '--state-dir', TEST_STATE,
  '--concurrency', '2', '--no-progress', ...extra];

/** The CLI as a child process, asynchronously: the test server lives in this process and must
 * keep answering while the child runs (spawnSync would block it). */
const cli = (argv: string[]) => runChild(argv);

function countJudged(db: string): number {
  try {
    const s = new Store(db);
    try {
      return (s.db.prepare('SELECT count(*) AS n FROM samples WHERE status IS NOT NULL').get() as { n: number }).n;
    } finally {
      s.close();
    }
  } catch {
    return 0;
  }
}

describe('rlcf eval', () => {
  it('a killed run resumes without re-generating or re-executing finished samples', async () => {
    const db = join(dir, 'resume.db');
    const child: ChildProcess = spawn(process.execPath, args(db), { stdio: 'ignore' });
    // wait until some samples are judged, then kill -9 in the middle of the run
    const t0 = Date.now();
    while (countJudged(db) < 6 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const store = new Store(db);
    const before = store.db.prepare('SELECT task_key, idx, gen_key, exec_ms FROM samples WHERE status IS NOT NULL').all() as
      { task_key: string; idx: number; gen_key: string; exec_ms: number }[];
    const runs1 = store.listRuns();
    store.close();
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(before.length).toBeLessThan(24);
    expect(runs1).toHaveLength(1);
    expect(runs1[0].status).toBe('running'); // killed: never marked done
    const requestsBefore = server.requests.filter((r) => r.path.endsWith('/completions')).length;

    const r = await cli(args(db, ['--json', '--results', join(dir, 'results.jsonl')]));
    expect(r.stderr).toBe(`rlcf: humaneval from ${FIXTURE}: 6 tasks\n`); // where the data came from, nothing else
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.run_id).toBe(runs1[0].id); // the same run resumed
    expect(summary.resumed_samples).toBe(before.length);
    expect(summary.samples).toBe(24);
    // only the samples not generated before were requested
    const newRequests = server.requests.filter((x) => x.path.endsWith('/completions')).length - requestsBefore;
    expect(newRequests).toBeLessThanOrEqual(24 - before.length);
    // finished samples were not executed again: their rows are untouched
    const store2 = new Store(db);
    for (const b of before) {
      const row = store2.db.prepare('SELECT gen_key, exec_ms FROM samples WHERE task_key = ? AND idx = ?').get(b.task_key, b.idx) as
        { gen_key: string; exec_ms: number };
      expect(row).toEqual({ gen_key: b.gen_key, exec_ms: b.exec_ms });
    }
    expect(store2.getRun(runs1[0].id)!.status).toBe('done');
    store2.close();
    // pass@k: 10 > n=4 is undefined, never 1.0
    expect(summary.pass_at_k['10']).toBeNull();
    expect(summary.pass_at_k['1']).toBeGreaterThan(0.4);
    expect(summary.pass_at_k['1']).toBeLessThan(1);
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(24);
    for (const l of lines) {
      expect(l).toHaveProperty('task_id');
      expect(l).toHaveProperty('completion');
      expect(typeof l.passed).toBe('boolean');
      expect(l.result === 'passed' || l.result.startsWith('failed')).toBe(true);
    }
  }, 120_000);

  it('Ctrl-C marks the run interrupted and says how to resume; the same command resumes it', async () => {
    const db = join(dir, 'interrupt.db');
    const child = spawn(process.execPath, args(db), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const t0 = Date.now();
    while (countJudged(db) < 4 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(130);
    const store = new Store(db);
    const [run] = store.listRuns();
    store.close();
    expect(run.status).toBe('interrupted');
    expect(stderr).toMatch(new RegExp(`rlcf: SIGINT: run ${run.id} interrupted with \\d+ samples judged; run the same command again to resume it`));
    const again = await cli(args(db, ['--json']));
    expect(again.status, again.stderr).toBe(0);
    const s = JSON.parse(again.stdout);
    expect(s.run_id).toBe(run.id);
    expect(s.resumed_samples).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('re-running a finished command starts a new run served from the caches', async () => {
    const db = join(dir, 'resume.db');
    const before = server.requests.length;
    const r = await cli(args(db, ['--json']));
    expect(r.status).toBe(0);
    expect(server.requests.length).toBe(before); // every generation came from the cache
    expect(JSON.parse(r.stdout).samples).toBe(24);
  });

  it('--fail-under exits 1 below the threshold; runs / show / export read the store', async () => {
    const db = join(dir, 'resume.db');
    const r = await cli(args(db, ['--fail-under', '0.99']));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/below --fail-under/);
    expect(r.stdout).toMatch(/pass@1/);
    const runs = spawnSync(process.execPath, [BIN, 'runs', '--db', db, '--json'], { encoding: 'utf8' });
    const list = JSON.parse(runs.stdout);
    expect(list.length).toBeGreaterThanOrEqual(2);
    const show = spawnSync(process.execPath, [BIN, 'show', list[0].id, '--db', db, '--failures'], { encoding: 'utf8' });
    expect(show.stdout).toMatch(/benchmark language/);
    expect(show.stdout).toMatch(/wrong_answer|runtime_error/);
    for (const fmt of ['jsonl', 'csv', 'json']) {
      const out = join(dir, `export.${fmt}`);
      const e = spawnSync(process.execPath, [BIN, 'export', list[0].id, '--format', fmt, '--out', out, '--db', db], { encoding: 'utf8' });
      expect(e.status).toBe(0);
      const text = readFileSync(out, 'utf8');
      if (fmt === 'jsonl') expect(text.trim().split('\n')).toHaveLength(24);
      if (fmt === 'json') expect(JSON.parse(text).samples).toHaveLength(24);
      if (fmt === 'csv') expect(text.split('\n')[0]).toMatch(/^task_id,language,benchmark,idx,passed,status,result/);
    }
    const bad = spawnSync(process.execPath, [BIN, 'export', 'nope', '--format', 'xml', '--db', db], { encoding: 'utf8' });
    expect(bad.stderr).toMatch(/--format must be jsonl, csv, json or html/);
  });

  it('bad input gets a clear error', () => {
    const db = join(dir, 'bad.db');
    const noBench = spawnSync(process.execPath, [BIN, 'eval', '--samples', FIXTURE, '--db', db], { encoding: 'utf8' });
    expect(noBench.stderr).toMatch(/--bench is required/);
    const both = spawnSync(process.execPath, [BIN, 'eval', '--bench', `humaneval:${FIXTURE}`, '--db', db], { encoding: 'utf8' });
    expect(both.stderr).toMatch(/exactly one of --model/);
    const badModel = spawnSync(process.execPath, [BIN, 'eval', '--bench', `humaneval:${FIXTURE}`, '--model', 'nope', '--db', db], { encoding: 'utf8' });
    expect(badModel.stderr).toMatch(/invalid model spec/);
    const missing = spawnSync(process.execPath, [BIN, 'eval', '--bench', 'humaneval:/no/such/file.jsonl', '--samples', FIXTURE, '--db', db], { encoding: 'utf8' });
    expect(missing.stderr).toMatch(/no\/such\/file/);
  });
});
