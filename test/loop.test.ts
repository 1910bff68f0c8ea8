// rlcf loop with a stand-in policy (test/fixtures/loop: an OpenAI-compatible server whose answers
// follow its checkpoint's policy.json, and a trainer that turns the curated SFT rows into a new
// checkpoint) through the real CLI, sandbox and store: two rounds end to end; kill -9 at every step
// and resume; a planted breadth drop fires the breadth gate (rollback), a planted overfitting gap
// the overfitting gate (stop); records, artifacts and cost are checked.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinProblems } from '../src/benchmarks/builtin.js';
import { LoopRecords } from '../src/loop/records.js';
import { registerViewer } from '../src/server/viewer-api.js';
import { alive } from '../src/loop/proc.js';
import { loopStatus } from '../src/loop/status.js';
import { selectTasks } from '../src/loop/tasks.js';
import { Store } from '../src/store/store.js';
import { TEST_STATE, runChild } from './helpers.js';
import { launchChromium } from './viewer-fixture.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'rlcf.js');
const CHROMIUM = process.env.RLCF_CHROMIUM ?? '/usr/bin/chromium';
const FIX = join(import.meta.dirname, 'fixtures', 'loop');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-loop-'));
const servers: number[] = [];

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

const PUBLIC = { bench: 'builtin', languages: ['python'], split: 'heldout', heldout_fraction: 0.5, limit: 3 };
const FRESH = { ...PUBLIC, offset: 3 };

/** A loop config over the fixtures; round 0's checkpoint solves two pool tasks and one of each suite. */
async function setup(name: string, trainerExtra = '', gates: Record<string, unknown> = {}, extraSuites: Record<string, unknown>[] = []): Promise<{ cfg: string; stateDir: string }> {
  const base = join(dir, name);
  mkdirSync(join(base, 'ckpt0'), { recursive: true });
  const pool = await selectTasks({ bench: 'builtin', languages: ['python'], split: 'train', heldout_fraction: 0.5, split_seed: 'rlcf', offset: 0, limit: 4 });
  const pub = await selectTasks({ ...PUBLIC, split: 'heldout', split_seed: 'rlcf', offset: 0 });
  const fresh = await selectTasks({ ...FRESH, split: 'heldout', split_seed: 'rlcf' });
  writeFileSync(join(base, 'ckpt0', 'policy.json'), JSON.stringify({ solves: [pool[0].id, pool[1].id, pub[0].id, fresh[0].id], breadth: 0.6 }));
  const port = await freePort();
  const cfg = {
    name, rounds: 2, state_dir: join(base, 'state'),
    policy: {
      base_url: `http://127.0.0.1:${port}/v1`, model: 'policy', checkpoint: join(base, 'ckpt0'),
      serve: { command: `${process.execPath} ${join(FIX, 'policy-server.mjs')} {checkpoint} {port}`, ready_timeout_s: 60 },
    },
    tasks: [{ bench: 'builtin', languages: ['python'], split: 'train', heldout_fraction: 0.5, limit: 4 }],
    sampling: { n: 2, temperature: 0.8, max_tokens: 512 },
    curation: { format: 'trl', k_per_task: 1 },
    trainer: { command: `${process.execPath} ${join(FIX, 'trainer.mjs')} {checkpoint} {sft} {out} ${trainerExtra}`, timeout_s: 120 },
    eval: [
      { name: 'public', ...PUBLIC },
      { name: 'fresh', ...FRESH },
      { name: 'mmlu', kind: 'command', command: `${process.execPath} ${join(FIX, 'breadth.mjs')} {checkpoint} 2000`, metric: 'acc' },
      ...extraSuites,
    ],
    gates: { breadth: [{ suite: 'mmlu', max_drop_points: 5, action: 'rollback' }], overfitting: { public: 'public', fresh: 'fresh', max_gap_growth_points: 20 }, ...gates },
    prices: { input_per_mtok: 1, output_per_mtok: 2, sandbox_cpu_hour: 3.6, trainer_hour: 36 },
  };
  const file = join(base, 'loop.json');
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return { cfg: file, stateDir: join(base, 'rlcf') };
}

const env = (extra: Record<string, string> = {}) => ({ ...process.env, RLCF_TEST_HOME: TEST_STATE, ...extra });
const loopRun = (cfg: string, stateDir: string, extra: Record<string, string> = {}) =>
  runChild([BIN, 'loop', 'run', cfg, '--state-dir', stateDir, '--json'], { env: env(extra), timeoutMs: 240_000 });

function status(stateDir: string, name: string) {
  const store = new Store(join(stateDir, 'rlcf.db'));
  try {
    const l = new LoopRecords(store).getLoop(name)!;
    const s = loopStatus(store, l.id);
    if (l.serving) servers.push(l.serving.pid);
    return s;
  } finally {
    store.close();
  }
}

afterAll(() => {
  for (const p of servers) {
    try {
      process.kill(-p, 'SIGKILL');
    } catch {
      // already stopped by the loop
    }
  }
});

describe('rlcf loop (stand-in policy and trainer)', () => {
  it('runs two rounds, each killed -9 at every step and resumed, with the same records as a run without crashes', async () => {
    const clean = await setup('clean');
    const c = await loopRun(clean.cfg, clean.stateDir);
    expect(c.status, c.stderr).toBe(0);
    const ref = status(clean.stateDir, 'clean');
    expect(ref.status).toBe('done');
    expect(ref.rounds.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    // round 1 trained on its SFT rows: the new checkpoint solves the pool tasks it sampled right, and
    // the curated data never holds an eval task (decontaminated against every suite)
    const r1 = ref.rounds[1];
    expect(r1.kept!.sft).toBe(2);
    expect(r1.kept!.dpo).toBe(2);
    const sft = readFileSync(join(r1.data_dir!, 'sft.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(sft).toHaveLength(2);
    const evalSlugs = new Set([...await selectTasks({ ...PUBLIC, split: 'heldout', split_seed: 'rlcf', offset: 0 }),
      ...await selectTasks({ ...FRESH, split: 'heldout', split_seed: 'rlcf' })].map((t) => t.id));
    const evalStatements = loadBuiltinProblems().filter((p) => evalSlugs.has(p.slug)).map((p) => p.statement.trim().slice(0, 200));
    for (const row of sft) for (const st of evalStatements) expect(row.prompt).not.toContain(st);
    expect(existsSync(join(r1.checkpoint, 'policy.json'))).toBe(true);
    expect(existsSync(join(ref.state_dir, 'round-1', 'train.log'))).toBe(true);
    expect(r1.cost!.trainer.wall_s).toBeGreaterThan(0);
    expect(r1.cost!.sandbox.judged).toBe(4 * 2 + 3 + 3); // 4 pool tasks × n=2, 3 public, 3 fresh
    expect(r1.cost!.tokens.prompt).toBeGreaterThan(2000 * 50); // the breadth suite's reported tokens and the runs'
    expect(r1.cost!.usd.total).toBeGreaterThan(0.1);
    expect(Object.keys(r1.stage_s).sort()).toEqual(['curate', 'evaluate', 'gate', 'sample', 'serve', 'train']);
    expect(ref.cumulative.sandbox.judged).toBe(ref.rounds.reduce((a, r) => a + r.cost!.sandbox.judged, 0));
    expect(ref.cumulative.usd.total).toBeCloseTo(ref.rounds.reduce((a, r) => a + r.cost!.usd.total!, 0), 5);
    // the server was stopped when the loop ended
    expect(ref.serving).toBeNull();

    // the same loop, killed -9 right after a step begins (fault injection), and once from outside in
    // the middle of training (the trainer it left running is stopped and training starts over)
    const k = await setup('killed', `--sleep-once ${join(dir, 'sleep-once')}`);
    // every kind of step once (round 0's serve, evaluate and gate are the same code as round 1's)
    const crashes = ['1:sample', '1:curate', '1:serve', '1:evaluate', '1:gate', '2:train'];
    let orphan = 0;
    for (const at of crashes) {
      if (at === '1:serve') {
        // kill -9 from outside while round 1 trains
        const child = spawn(process.execPath, [BIN, 'loop', 'run', k.cfg, '--state-dir', k.stateDir], { env: env(), stdio: 'ignore' });
        let trainer = 0;
        for (let i = 0; i < 1200 && !(trainer && existsSync(join(dir, 'sleep-once'))); i++) {
          await new Promise((res) => setTimeout(res, 100));
          const store = new Store(join(k.stateDir, 'rlcf.db'));
          const rec = new LoopRecords(store);
          const s = rec.steps(rec.getLoop('killed')!.id).find((x) => x.round === 1 && x.step === 'train');
          store.close();
          if (s?.status === 'running' && typeof s.output?.pid === 'number') trainer = s.output.pid as number;
        }
        expect(trainer).toBeGreaterThan(0);
        process.kill(child.pid!, 'SIGKILL');
        await new Promise((res) => child.on('exit', res));
        expect(alive(trainer)).toBe(true); // orphaned, still "training"
        servers.push(trainer);
        orphan = trainer;
        // the next run stops it before training again (then crashes at 1:serve below)
      }
      const r = await loopRun(k.cfg, k.stateDir, { RLCF_LOOP_CRASH_AT: at });
      expect(r.status, `${at}: ${r.stderr}`).toBe(null); // killed by SIGKILL
      if (at === '1:serve') expect(alive(orphan), 'the orphaned trainer was stopped before training again').toBe(false);
      const st = status(k.stateDir, 'killed');
      const [round, step] = at.split(':');
      expect(st.steps.find((x) => x.round === Number(round) && x.step === step)?.status).toBe('running');
    }
    // the last resume by name, as a user would after a crash
    const fin = await runChild([BIN, 'loop', 'resume', 'killed', '--state-dir', k.stateDir], { env: env(), timeoutMs: 240_000 });
    expect(fin.status, fin.stderr).toBe(0);
    const got = status(k.stateDir, 'killed');
    expect(got.status).toBe('done');
    const strip = (s: typeof got) => s.rounds.map((r) => ({ status: r.status, kept: r.kept, decision: r.decision,
      metrics: Object.fromEntries(Object.entries(r.metrics ?? {}).map(([n, m]) => [n, m.value])) }));
    expect(strip(got)).toEqual(strip(ref));
    const attempts = Object.fromEntries(got.steps.map((s) => [`${s.round}:${s.step}`, s.attempts]));
    for (const at of crashes) expect(attempts[at], at).toBe(2);
    expect(attempts['1:train']).toBe(2);
    expect(got.serving).toBeNull();
    const trainLog = readFileSync(join(got.state_dir, 'round-1', 'train.log'), 'utf8');
    expect(trainLog).toMatch(/trained on 2 rows/);
  }, 300_000);

  it('SIGTERM during training marks the loop interrupted and stops the trainer and the server it started', async () => {
    const t = await setup('term', `--sleep-once ${join(dir, 'sleep-once-term')}`);
    const child = spawn(process.execPath, [BIN, 'loop', 'run', t.cfg, '--state-dir', t.stateDir], { env: env(), stdio: 'ignore' });
    let trainer = 0;
    let server = 0;
    for (let i = 0; i < 1200 && !(trainer && existsSync(join(dir, 'sleep-once-term'))); i++) {
      await new Promise((res) => setTimeout(res, 100));
      const store = new Store(join(t.stateDir, 'rlcf.db'));
      const rec = new LoopRecords(store);
      const l = rec.getLoop('term');
      const st = l ? rec.steps(l.id).find((x) => x.round === 1 && x.step === 'train') : undefined;
      server = l?.serving?.pid ?? server;
      store.close();
      if (st?.status === 'running' && typeof st.output?.pid === 'number') trainer = st.output.pid as number;
    }
    servers.push(trainer, server); // stopped in afterAll if this test fails
    expect(trainer).toBeGreaterThan(0);
    expect(alive(server)).toBe(true);
    const code = await new Promise((res) => {
      child.on('exit', (c) => res(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(143);
    for (let i = 0; i < 100 && (alive(trainer) || alive(server)); i++) await new Promise((res) => setTimeout(res, 100));
    expect(alive(trainer)).toBe(false);
    expect(alive(server)).toBe(false);
    const s = status(t.stateDir, 'term');
    expect(s.status).toBe('interrupted');
    expect(s.serving).toBeNull();
  }, 120_000);

  it('a planted breadth drop fires the breadth gate: the round is rolled back and its weights are not served', async () => {
    const b = await setup('breadth', '--breadth 0.45');
    const r = await loopRun(b.cfg, b.stateDir);
    expect(r.status, r.stderr).toBe(1); // stopped by a gate
    const s = status(b.stateDir, 'breadth');
    expect(s.status).toBe('stopped');
    expect(s.rounds.map((x) => x.status)).toEqual(['accepted', 'rejected']);
    const g = s.rounds[1].gates.find((x) => x.gate === 'breadth')!;
    expect(g.fired).toBe(true);
    expect(g.action).toBe('rollback');
    expect(g.evidence.drop_points).toBe(15);
    expect((g.evidence.drop_ci95_points as number[])[0]).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout).rounds[1].decision).toBe('rollback');
    expect((s.decision as { restored?: string }).restored).toBe(s.rounds[0].checkpoint);
  }, 120_000);

  it('a planted overfitting gap fires the overfitting gate and stops the loop', async () => {
    const pub = await selectTasks({ ...PUBLIC, split: 'heldout', split_seed: 'rlcf', offset: 0 });
    // with a real breadth suite too: rlcf eval --bench mmlu:<fixtures> against the policy server's log-likelihoods
    const o = await setup('overfit', `--learn ${pub.map((t) => t.id).join(',')}`, {}, [
      { name: 'mmlu-fixture', kind: 'breadth', bench: `mmlu:${join(import.meta.dirname, 'fixtures', 'breadth', 'mmlu')}`, metric: 'acc' },
    ]);
    const r = await loopRun(o.cfg, o.stateDir);
    expect(r.status, r.stderr).toBe(1);
    const s = status(o.stateDir, 'overfit');
    expect(s.rounds.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    expect(s.rounds[1].decision).toBe('stop');
    const g = s.rounds[1].gates.find((x) => x.gate === 'overfitting')!;
    expect(g.fired).toBe(true);
    // public 1/3 → 3/3, fresh 1/3 → 1/3: the gap grew by 66.67 points
    expect(s.rounds[0].gap_points).toBe(0);
    expect(s.rounds[1].gap_points).toBeCloseTo(66.67, 1);
    expect(s.rounds[1].gates.find((x) => x.gate === 'breadth')!.fired).toBe(false);
    // the breadth suite scored the fixture items through rlcf eval's lm-eval scoring, each round
    for (const round of s.rounds) {
      expect(round.metrics!['mmlu-fixture']).toMatchObject({ metric: 'acc', n: expect.any(Number) });
      expect(round.metrics!['mmlu-fixture'].ci95).toHaveLength(2);
    }
    expect(s.rounds[1].metrics!['mmlu-fixture'].value).toBe(s.rounds[0].metrics!['mmlu-fixture'].value);
    // the viewer's API serves the same status (the loop page reads it)
    const store = new Store(join(o.stateDir, 'rlcf.db'));
    const app = Fastify();
    await registerViewer(app, { store });
    const list = (await app.inject({ url: '/ui/api/loops' })).json() as { loops: { id: string; rounds: number }[] };
    expect(list.loops).toEqual([expect.objectContaining({ id: s.id, rounds: 2 })]);
    const api = await app.inject({ url: `/ui/api/loops/${s.id}` });
    expect(api.json()).toEqual(JSON.parse(JSON.stringify(s)));
    expect((await app.inject({ url: '/ui/api/loops/nope' })).statusCode).toBe(404);
    // the loop page in a browser: from the list to the loop, a row per round, the fired gate, the bill
    if (existsSync(CHROMIUM) && existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
      const base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/ui/`;
      const { browser, page } = await launchChromium(CHROMIUM, mkdtempSync(join(tmpdir(), 'rlcf-loop-chromium-')));
      try {
        await page.goto(`${base}#/loops`);
        await page.locator('[data-testid=loops] a', { hasText: s.id }).click();
        await page.waitForSelector('[data-testid=loop-page]');
        expect(await page.locator('[data-testid=loop-round]').count()).toBe(2);
        expect(await page.getByTestId('loop-gates').innerText()).toMatch(/round 1 · overfitting: fired → stop/);
        expect(await page.getByTestId('loop-cumulative').innerText()).toMatch(/^Cumulative: \S+ tokens in \/ \S+ out, [\d.]+ sandbox CPU-s over \d+ executions/);
        expect(await page.getByTestId('loop-rounds').innerText()).toMatch(/66\.7 pts/);
      } finally {
        await browser.close();
      }
    } else {
      console.warn(`loop page: browser check skipped (needs ${CHROMIUM} and the built web app: npm run build)`);
    }
    await app.close();
    store.close();
    const text = await runChild([BIN, 'loop', 'status', 'overfit', '--state-dir', o.stateDir], { env: env() });
    expect(text.stdout).toMatch(/round 1 gate overfitting: FIRED → stop/);
    expect(text.stdout).toMatch(/cumulative: tokens \d+ in/);
  }, 120_000);
});
