// Cost per round (issue 16 item 4): the pieces the loop sums per round and cumulatively. runCost is
// checked on real eval runs (the CLI, a real sandbox, the store they write): a first run pays for its
// executions; a second model writing the same programs reuses the verdicts and pays none.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/benchmarks/index.js';
import { addCosts, cumulative, parsePrices, priceRound, runCost, trainerCost, zeroCost } from '../src/loop/cost.js';
import { Store } from '../src/store/store.js';
import { startTestServer, type TestServer } from './fixtures/openai-server.js';
import { TEST_STATE } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'mini-humaneval.jsonl');

describe('prices, trainer time, bills', () => {
  it('prices are validated with the key at fault', () => {
    expect(parsePrices({ input_per_mtok: 0.15, gpu_hour: 2 })).toEqual({ input_per_mtok: 0.15, gpu_hour: 2 });
    expect(() => parsePrices({ gpu_hours: 2 }, 'loop.prices')).toThrow(/loop\.prices\.gpu_hours: unknown price \(known: .*gpu_hour/);
    expect(() => parsePrices({ gpu_hour: -1 })).toThrow(/prices\.gpu_hour must be a number >= 0/);
    expect(() => parsePrices([1])).toThrow(/must be an object/);
  });

  it('trainer time: TRL\'s train_runtime, a reported gpu_hours, else the measured wall time', () => {
    const trl = "{'loss': 2.1, 'epoch': 1.0}\n{'train_runtime': 90.0, 'train_samples_per_second': 1.1, 'train_loss': 2.05}\n";
    expect(trainerCost(trl, 120)).toEqual({ wall_s: 90, gpu_hours: null });
    expect(trainerCost(trl, 120, 4)).toEqual({ wall_s: 90, gpu_hours: 0.1 });
    expect(trainerCost(`${trl}"gpu_hours": 0.25\n`, 120, 4)).toEqual({ wall_s: 90, gpu_hours: 0.25 });
    expect(trainerCost('no numbers here', 12.5, 0)).toEqual({ wall_s: 12.5, gpu_hours: 0 });
  });

  it('a bill per part, null where a price is missing, and cumulative sums', () => {
    const parts = {
      tokens: { prompt: 2_000_000, completion: 500_000 }, sandbox: { cpu_s: 1800, executions: 40, judged: 50, reused_verdicts: 10 },
      trainer: { wall_s: 3600, gpu_hours: 2 },
    };
    const full = priceRound(parts, { input_per_mtok: 0.5, output_per_mtok: 2, sandbox_cpu_hour: 0.04, gpu_hour: 1.5 });
    expect(full.usd).toEqual({ tokens: 2, sandbox: 0.02, trainer: 3, total: 5.02 });
    const cpuTrainer = priceRound({ ...parts, trainer: { wall_s: 1800, gpu_hours: 0 } }, { trainer_hour: 0.1 });
    expect(cpuTrainer.usd).toEqual({ tokens: null, sandbox: null, trainer: 0.05, total: null });
    const [c0, c1] = cumulative([full, full]);
    expect(c0).toEqual(addCosts(zeroCost(), full));
    expect(c1.usd.total).toBe(10.04);
    expect(c1.tokens).toEqual({ prompt: 4_000_000, completion: 1_000_000 });
    expect(c1.sandbox.executions).toBe(80);
    expect(addCosts(full, cpuTrainer).usd.total).toBeNull();
  });
});

describe('runCost on real eval runs', () => {
  let server: TestServer;
  beforeAll(async () => {
    const tasks = await loadBenchmark(`humaneval:${FIXTURE}`);
    const canon = new Map(tasks.map((t) => [t.prompt, t.reference!]));
    server = await startTestServer({ script: (req) => canon.get(req.prompt) ?? '    pass\n' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const evalRun = (db: string, model: string) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const c = spawn(process.execPath, [BIN, 'eval', '--bench', `humaneval:${FIXTURE}`, '--model',
      `openai-compatible-completions:${server.url}#${model}`, '-n', '2', '--db', db, '--state-dir', TEST_STATE, '--json', '--no-progress'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => resolve({ code, stdout, stderr }));
  });

  it('counts the tokens and the executions a run paid for; reused verdicts apart', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rlcf-cost-')), 'rlcf.db');
    const a = await evalRun(db, 'model-a');
    expect(a.code, a.stderr).toBe(0);
    const b = await evalRun(db, 'model-b');
    expect(b.code, b.stderr).toBe(0);
    const sa = JSON.parse(a.stdout);
    const sb = JSON.parse(b.stdout);
    const store = new Store(db);
    try {
      const ca = runCost(store, sa.run_id);
      expect(ca.tokens).toEqual({ prompt: sa.tokens.prompt, completion: sa.tokens.completion });
      expect(ca.tokens.prompt).toBeGreaterThan(0);
      expect(ca.sandbox.judged).toBe(sa.samples);
      // both samples of a task are the same program: it ran once
      expect(ca.sandbox.executions).toBe(sa.tasks);
      expect(ca.sandbox.cpu_s).toBeGreaterThan(0);
      expect(ca.sandbox.reused_verdicts).toBe(0);
      const cb = runCost(store, sb.run_id);
      expect(cb.sandbox).toEqual({ cpu_s: 0, executions: 0, judged: sb.samples, reused_verdicts: sb.tasks });
      expect(() => runCost(store, 'no-such-run')).toThrow(/no run no-such-run/);
    } finally {
      store.close();
    }
  }, 180_000);
});
