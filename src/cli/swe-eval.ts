// `rlcf eval --bench swe:<instances> --model <provider>`: SWE-bench in the oracle setting
// (src/repo/oracle.ts); the run's report tree goes to the current directory, as `rlcf swe eval`'s.
import { randomBytes } from 'node:crypto';
import { UsageError, inputFile, modelFromFlags, numberIn, positiveInt } from './options.js';

export interface SweBenchFlags {
  bench?: string[];
  model?: string;
  samples?: string;
  concurrency?: string;
  temperature?: string;
  maxTokens?: string;
  limit?: string;
  json?: boolean;
  stateDir?: string;
  db?: string;
}

export const isSweBench = (f: { bench?: string[] }) => (f.bench ?? []).some((b) => b.startsWith('swe:'));

export async function sweBenchEval(f: SweBenchFlags): Promise<void> {
  const benches = f.bench ?? [];
  if (benches.length !== 1) throw new UsageError('--bench swe:<instances file> cannot be combined with other benchmarks');
  if (!f.model) throw new UsageError('--bench swe: needs --model <provider:spec> (for predictions files, use rlcf swe eval)');
  const file = inputFile(benches[0].slice(4), '--bench swe:');
  const { loadInstances } = await import('../repo/formats.js');
  const { oracleEval } = await import('../repo/oracle.js');
  let instances;
  try {
    instances = await loadInstances(file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (f.limit) instances = instances.slice(0, positiveInt(f.limit, '--limit'));
  const model = await modelFromFlags(f.model, f.concurrency);
  const runId = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-swe-${randomBytes(3).toString('hex')}`;
  const { openStore } = await import('./eval.js');
  const { generationCache, recordSweRun } = await import('../repo/store-run.js');
  const store = await openStore(f.db);
  const t0 = performance.now();
  const temperature = numberIn(f.temperature, '--temperature', 0, 2);
  const maxTokens = f.maxTokens ? positiveInt(f.maxTokens, '--max-tokens') : undefined;
  let r;
  try {
    r = await oracleEval({ instances, model, runId, stateDir: f.stateDir, temperature, max_tokens: maxTokens, cache: generationCache(store),
      onInstance: (x) => { if (!f.json) process.stderr.write(`${x.instance_id}: ${x.resolved === null ? 'error' : x.resolved ? 'resolved' : 'unresolved'}\n`); } });
    // stored like other eval runs: rlcf runs / rlcf view show it (pass@1 = resolved rate)
    recordSweRun(store, { runId, model: model.id, bench: benches[0], instances, predictions: r.predictions, answers: r.answers, result: r,
      total_s: (performance.now() - t0) / 1000, config: { setting: 'oracle', temperature: temperature ?? 0, max_tokens: maxTokens ?? null } });
  } finally {
    store.close();
  }
  const s = r.summary;
  const rate = s.total_instances ? s.resolved_instances / s.total_instances : 0;
  if (f.json) process.stdout.write(`${JSON.stringify({ ...s, run_id: runId, resolved_rate: rate, predictions: r.predictionsFile, summary_file: r.summaryFile }, null, 2)}\n`);
  else {
    process.stdout.write(`resolved ${s.resolved_instances}/${s.total_instances} (${(rate * 100).toFixed(1)}%), unresolved ${s.unresolved_instances}, ` +
      `errors ${s.error_instances}, empty ${s.empty_patch_instances}\nrun ${runId} (rlcf runs show ${runId}; rlcf view)\npredictions: ${r.predictionsFile}\nreport: ${r.summaryFile}\n`);
  }
}
