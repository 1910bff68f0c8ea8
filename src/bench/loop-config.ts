// The real-model loop config shared by test/loop-real.test.ts (CI-sized) and `npm run bench:loop`
// (larger): SmolLM2-135M (converted by scripts/setup-loop.sh) behind clients/python/recipes/
// hf_server.py, one-line Python completion tasks split train/held-out, TRL SFT on CPU.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TRL_VENV = process.env.RLCF_TRL_VENV ?? join(homedir(), '.cache', 'rlcf', 'trl-venv');
export const TRL_PYTHON = join(TRL_VENV, 'bin', 'python');
export const SMOLLM2_HF = process.env.RLCF_SMOLLM2_HF ?? join(homedir(), '.cache', 'rlcf', 'smollm2-135m-hf');
export const TINY_TASKS = join(ROOT, 'test', 'fixtures', 'loop', 'tiny-tasks.jsonl');

/** What is missing for a real-model loop, or null. */
export function realModelMissing(): string | null {
  if (!existsSync(TRL_PYTHON)) return `the TRL venv (${TRL_PYTHON}): run bash scripts/setup-trl.sh`;
  if (!existsSync(join(SMOLLM2_HF, 'model.safetensors'))) return `SmolLM2-135M converted at ${SMOLLM2_HF}: run bash scripts/setup-loop.sh`;
  return null;
}

export function realLoopConfig(o: { port: number; stateDir: string; rounds?: number; n?: number; maxSteps?: number; maxTokens?: number; breadth?: string }): Record<string, unknown> {
  const split = { tasks: TINY_TASKS, heldout_fraction: 0.4, split_seed: 'tiny' };
  const tokens = o.maxTokens ?? 12;
  const suite = { n: 1, temperature: 0, max_tokens: tokens, stop: ['\n'] };
  return {
    name: 'smollm2', rounds: o.rounds ?? 2, state_dir: o.stateDir,
    policy: {
      base_url: `http://127.0.0.1:${o.port}/v1`, model: 'policy', api: 'completions', checkpoint: SMOLLM2_HF, concurrency: 1,
      serve: { command: '{python} {scripts}/hf_server.py --model {checkpoint} --port {port} --served-model-name {model}', ready_timeout_s: 900 },
    },
    tasks: [{ ...split, split: 'train' }],
    sampling: { n: o.n ?? 2, temperature: 0.8, max_tokens: tokens, stop: ['\n'] },
    curation: { format: 'trl', k_per_task: 1 },
    trainer: {
      command: `{python} {scripts}/trl_sft.py --model {checkpoint} --data {sft} --out {out} --max-steps ${o.maxSteps ?? 1} --batch-size 2 --lr 1e-5`,
      data: 'sft', timeout_s: 3600,
    },
    eval: [
      { name: 'public', ...split, split: 'heldout', limit: 2, ...suite },
      { name: 'fresh', ...split, split: 'heldout', offset: 2, ...suite },
      ...(o.breadth ? [{ name: 'mmlu', kind: 'breadth', bench: o.breadth, metric: 'acc' }] : []),
    ],
    gates: {
      breadth: o.breadth ? [{ suite: 'mmlu', max_drop_points: 5, action: 'rollback' }] : [],
      overfitting: { public: 'public', fresh: 'fresh', max_gap_growth_points: 100 },
      plateau: { suite: 'fresh', min_delta_points: 0, patience: 5 },
    },
    prices: { input_per_mtok: 0.1, output_per_mtok: 0.2, sandbox_cpu_hour: 0.05, trainer_hour: 0.5 },
  };
}
