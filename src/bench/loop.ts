// `npm run bench:loop`: the real-model loop at bench size (not a test: this machine is shared) —
// SmolLM2-135M on CPU, n=4 samples per task, 24 tokens, 4 TRL SFT steps per round, two rounds, and a
// breadth suite on the MMLU fixture items through hf_server's log-likelihoods. Prints `loop status`
// (per-round scores, kept data, cost, each step's seconds). RLCF_BENCH_LOOP_DIR keeps the state.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRL_PYTHON, realLoopConfig, realModelMissing } from './loop-config.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'rlcf.js');

const missing = realModelMissing();
if (missing) {
  console.error(`bench:loop needs ${missing}`);
  process.exit(2);
}
const port = await new Promise<number>((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => res(p));
  });
});
const dir = process.env.RLCF_BENCH_LOOP_DIR ?? mkdtempSync(join(tmpdir(), 'rlcf-bench-loop-'));
const cfg = join(dir, 'loop.json');
writeFileSync(cfg, JSON.stringify(realLoopConfig({
  port, stateDir: join(dir, 'state'), rounds: 2, n: 4, maxSteps: 4, maxTokens: 24,
  breadth: `mmlu:${join(ROOT, 'test', 'fixtures', 'breadth', 'mmlu')}`,
}), null, 2));
console.log(`bench:loop: ${cfg}`);
const t0 = performance.now();
const r = spawnSync(process.execPath, [BIN, 'loop', 'run', cfg, '--state-dir', join(dir, 'rlcf')], {
  stdio: 'inherit', env: { ...process.env, RLCF_LOOP_PYTHON: TRL_PYTHON },
});
console.log(`bench:loop: loop run exited ${r.status} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
spawnSync(process.execPath, [BIN, 'loop', 'status', 'smollm2', '--state-dir', join(dir, 'rlcf')], { stdio: 'inherit' });
