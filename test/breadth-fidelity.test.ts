// Fidelity of the breadth guard, live: the PyPI lm-eval package (its local-completions model, its own
// task YAMLs, test/fixtures/breadth/lm_eval_driver.py) and rlcf score the same fixture items against
// the same OpenAI-compatible server; every item must get the same prompts, log-likelihoods and choice
// (acc, acc_norm), 0-shot and MMLU 2-shot. The recorded lm-eval output that breadth.test.ts checks
// against must still be what lm-eval produces. Needs the venv scripts/setup-lm-eval.sh makes (.ci/run calls it)
// (~/.cache/rlcf/lm-eval-venv, or $RLCF_LM_EVAL_VENV); skips, saying so, without it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChoiceItem, loadChoiceBenchmark } from '../src/benchmarks/choice.js';
import { OpenAIProvider } from '../src/models/openai.js';
import { runBreadth } from '../src/pipeline/breadth.js';
import { startTestServer, type TestServer } from './fixtures/openai-server.js';

const FIX = join(import.meta.dirname, 'fixtures', 'breadth');
const VENV = process.env.RLCF_LM_EVAL_VENV ?? join(homedir(), '.cache', 'rlcf', 'lm-eval-venv');
const PY = join(VENV, 'bin', 'python');
const hasLmEval = existsSync(PY) && spawnSync(PY, ['-c', 'import lm_eval'], { timeout: 60_000 }).status === 0;
if (!hasLmEval) {
  process.stderr.write(`breadth-fidelity: SKIPPED: lm-eval is not installed in ${VENV} (run scripts/setup-lm-eval.sh, which makes that venv)\n`);
}

interface Doc { doc_id: number; requests: [string, string][]; lls: number[]; acc: number | null; acc_norm: number | null }
interface Out { lm_eval: string; runs: Record<string, { tasks: Record<string, Doc[]>; results: Record<string, Record<string, number>> }> }

function runDriver(url: string): Promise<Out> {
  return new Promise((resolve, reject) => {
    const p = spawn(PY, [join(FIX, 'lm_eval_driver.py'), '--base-url', `${url}/completions`, '--data', FIX, '--num-fewshot', '0,2'],
      { env: { ...process.env, HF_DATASETS_OFFLINE: '1', HF_HUB_OFFLINE: '1', HF_DATASETS_CACHE: join(VENV, 'hf-datasets-cache') } });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { err += c; });
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`lm_eval_driver.py exited ${code}: ${err.slice(-3000)}`));
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(new Error(`lm_eval_driver.py printed no JSON (${(e as Error).message}): ${out.slice(0, 500)} ${err.slice(-2000)}`));
      }
    });
  });
}

let server: TestServer | null = null;
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!hasLmEval)('rlcf and lm-eval (PyPI) on the same server and items', () => {
  it('the same prompts, log-likelihoods and choice per item, 0-shot and MMLU 2-shot', async () => {
    server = await startTestServer({ script: () => '' });
    const lm = await runDriver(server.url);
    const recorded = JSON.parse(readFileSync(join(FIX, 'lm-eval-0.4.13.json'), 'utf8')) as Out;
    const model = new OpenAIProvider({ base_url: server.url, model: 'test-model', mode: 'completions', retries: 0 });
    let compared = 0;
    for (const shots of [0, 2]) {
      const specs = (shots ? ['mmlu'] : ['mmlu', 'hellaswag', 'winogrande', 'arc']).map((b) => `${b}:${join(FIX, b)}`);
      const items: ChoiceItem[] = [];
      for (const s of specs) items.push(...(await loadChoiceBenchmark(s, { num_fewshot: shots })));
      const { items: ours } = await runBreadth(model, items, { mode: 'loglikelihood', num_fewshot: shots });
      const run = lm.runs[String(shots)];
      expect(Object.values(run.tasks).flat().length).toBe(items.length);
      for (const [task, docs] of Object.entries(run.tasks)) {
        for (const d of docs) {
          const it = items.find((i) => i.task === task && i.index === d.doc_id)!;
          const r = ours.find((i) => i.task === task && i.index === d.doc_id)!;
          const where = `${shots}-shot ${task} doc ${d.doc_id}`;
          expect(it.requests.map((q) => [q.context, q.continuation]), where).toEqual(d.requests);
          r.lls!.forEach((ll, i) => expect(ll, `${where} choice ${i}`).toBeCloseTo(d.lls[i], 9));
          const theirs = d.lls.indexOf(Math.max(...d.lls));
          expect(r.pred, `${where}: chosen answer`).toBe(theirs);
          expect(r.acc, where).toBe(d.acc);
          if (d.acc_norm !== null) expect(r.acc_norm, where).toBe(d.acc_norm);
          compared++;
        }
      }
      // the recorded output breadth.test.ts uses is what lm-eval produces now
      expect(run.tasks, `recorded ${shots}-shot output`).toEqual(recorded.runs[String(shots)].tasks);
    }
    expect(compared).toBe(24 + 7);
  }, 300_000);
});
