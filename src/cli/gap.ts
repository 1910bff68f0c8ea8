// `rlcf gap`: the overfitting gap of one model — public benchmarks vs fresh tasks (procedural
// families), per capability, with bootstrap intervals (src/pipeline/gap.ts). Both sides are ordinary
// eval runs in the store (their verdicts cached), so `rlcf runs` / `rlcf view` show them too.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { GapReport, TaskScore } from '../pipeline/gap.js';
import type { Store } from '../store/store.js';
import { evalOptions, evaluate, openStore } from './eval.js';
import { type SandboxFlags, UsageError, addSandboxFlags, collect, openSandbox } from './options.js';
import { writeError } from './tasks.js';
import { table } from './table.js';

interface GapFlags extends SandboxFlags {
  model?: string;
  samples?: string;
  public?: string[];
  fresh?: string[];
  publicRun?: string;
  freshRun?: string;
  language?: string[];
  n?: string;
  db?: string;
  json?: boolean;
  out?: string;
  concurrency?: string;
  temperature?: string;
  maxTokens?: string;
}

/** "humaneval,mbpp,procedural:a,b@1" → specs: a comma starts a new spec only before a benchmark name. */
export function splitSpecs(values: string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const piece of v.split(',')) {
      const name = piece.split(':')[0].trim().toLowerCase();
      if (out.length && !names.includes(name)) out[out.length - 1] += `,${piece}`;
      else out.push(piece.trim());
    }
  }
  return out.filter(Boolean);
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const ci = (c: [number, number] | null) => (c ? `[${(100 * c[0]).toFixed(1)}, ${(100 * c[1]).toFixed(1)}]` : '');

/** One side's per-task scores: the fraction of each task's graded samples that passed. */
function runScores(store: Store, runId: string, capOf: (t: { task_key: string; task_id: string; prompt: string }) => string): TaskScore[] {
  const prompts = new Map(store.tasks(runId).map((t) => [t.task_key, t]));
  const counts = new Map<string, { n: number; c: number }>();
  for (const s of store.iterateSamples(runId)) {
    if (s.status === null) continue;
    const x = counts.get(s.task_key) ?? { n: 0, c: 0 };
    x.n++;
    if (s.passed) x.c++;
    counts.set(s.task_key, x);
  }
  return [...counts].map(([k, x]) => {
    const t = prompts.get(k);
    return { capability: t ? capOf(t) : 'other', score: x.c / x.n };
  });
}

async function gapCmd(f: GapFlags): Promise<void> {
  const { BENCHMARKS } = await import('../benchmarks/index.js');
  const pub = splitSpecs(f.public ?? [], BENCHMARKS);
  const fresh = splitSpecs(f.fresh ?? [], BENCHMARKS);
  for (const [specs, run, name] of [[pub, f.publicRun, 'public'], [fresh, f.freshRun, 'fresh']] as const) {
    if (specs.length && run) throw new UsageError(`give either --${name} <benchmarks> (evaluate now) or --${name}-run <id> (a stored run), not both`);
    if (!specs.length && !run) {
      throw new UsageError(`give --${name} <benchmarks> or --${name}-run <run id>, e.g. --public humaneval,mbpp --fresh procedural:all@1/5 (stored runs: rlcf runs)`);
    }
  }
  const { capabilityOf, gapRows, GAP_NOTE } = await import('../pipeline/gap.js');
  const { taskKey } = await import('../pipeline/eval.js');
  const { FAMILIES } = await import('../tasks/index.js');
  const store = await openStore(f.db);
  // a stored run keeps each task's prompt and id, not its metadata: a procedural task's shape comes
  // back from its family (ids are <family>/<seed>.<index>), anything else is classified by its prompt
  const storedCap = (t: { task_id: string; prompt: string }) =>
    FAMILIES.find((fam) => t.task_id.startsWith(`${fam.name}/`))?.shape ?? capabilityOf({ prompt: t.prompt });
  const stored = (id: string, flag: string) => {
    let run;
    try {
      run = store.getRun(id);
    } catch (e) {
      throw new UsageError(`${flag} ${id}: ${(e as Error).message}`);
    }
    if (!run) throw new UsageError(`${flag} ${id}: no such run in ${f.db ?? 'the default store'} (list them with rlcf runs)`);
    const scores = runScores(store, run.id, storedCap);
    if (!scores.length) throw new UsageError(`${flag} ${run.id}: the run has no graded samples yet (status ${run.status}); finish it with the same rlcf eval command`);
    return { run_id: run.id, model: run.model, benchmarks: run.benchmarks, scores };
  };
  // stored sides first: a wrong run id is reported before a sandbox starts
  const pStored = f.publicRun ? stored(f.publicRun, '--public-run') : null;
  const qStored = f.freshRun ? stored(f.freshRun, '--fresh-run') : null;
  const sb = pStored && qStored ? null : await openSandbox(f);
  try {
    const evaluated = async (bench: string[]) => {
      // a samples file holds both sides' samples: each side scores the tasks it has samples for
      const { public: _p, fresh: _f, publicRun: _pr, freshRun: _fr, ...rest } = f; // (eval's --fresh means something else)
      const flags = { ...rest, bench, k: '1', partial: !!f.samples, progress: false, json: true };
      const opts = await evalOptions(flags);
      const summary = await evaluate(opts, flags, sb!, store);
      const cap = new Map(opts.tasks.map((t) => [taskKey(t), capabilityOf(t)]));
      return { run_id: summary.run_id, model: summary.model, benchmarks: bench, scores: runScores(store, summary.run_id, (t) => cap.get(t.task_key) ?? storedCap(t)) };
    };
    const p = pStored ?? await evaluated(pub);
    const q = qStored ?? await evaluated(fresh);
    if (p.model !== q.model) {
      throw new UsageError(`the two sides are different models (public: ${p.model}, fresh: ${q.model}): a gap compares one model with itself`);
    }
    const id = `gap-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${p.run_id.slice(-6)}${q.run_id.slice(-6)}`;
    const report: GapReport = {
      kind: 'gap', id, model: p.model, public: { benchmarks: p.benchmarks, run_id: p.run_id }, fresh: { benchmarks: q.benchmarks, run_id: q.run_id },
      rows: gapRows(p.scores, q.scores), note: GAP_NOTE,
    };
    // stored beside the runs: `rlcf view` shows the gaps per model over time (the Gaps page)
    store.saveGap({ id, model: report.model, public_run: p.run_id, fresh_run: q.run_id, report });
    if (f.out) {
      try {
        writeFileSync(f.out, `${JSON.stringify(report, null, 2)}\n`);
      } catch (e) {
        throw new UsageError(`--out ${f.out}: cannot write it: ${writeError(e)}`);
      }
    }
    if (f.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${table(['capability', 'public tasks', 'public [95% CI]', 'fresh tasks', 'fresh [95% CI]', 'gap [95% CI]', 'significant'],
      report.rows.map((r) => [r.capability, r.public.tasks, `${pct(r.public.score)} ${ci(r.public.ci95)}`, r.fresh.tasks,
        `${pct(r.fresh.score)} ${ci(r.fresh.ci95)}`, r.gap === null ? 'n/a' : `${(100 * r.gap).toFixed(1)} ${ci(r.gap_ci95)}`, r.significant ? 'YES' : 'no']))}\n\n` +
      `${id}  model ${report.model}  public run ${p.run_id}  fresh run ${q.run_id}  (rlcf view: Gaps)\n${GAP_NOTE}\n`);
  } finally {
    await sb?.close();
    store.close();
  }
}

export function registerGap(program: Command): void {
  addSandboxFlags(program.command('gap')
    .description('the overfitting gap: a model\'s public-benchmark score minus its score on fresh tasks, per capability, with bootstrap CIs')
    .option('--model <provider:spec>', 'the model (see rlcf eval --help)')
    .option('--samples <file>', 'completions for both sides\' tasks instead of a model')
    .option('--public <benchmarks>', 'public benchmarks (comma-separated or repeated), e.g. humaneval,mbpp', collect)
    .option('--fresh <benchmarks>', 'fresh tasks, e.g. procedural:all@2026-12/5 or tasks:<file>', collect)
    .option('--public-run <id>', 'use a stored eval run (rlcf runs) as the public side instead of evaluating --public')
    .option('--fresh-run <id>', 'use a stored eval run as the fresh side instead of evaluating --fresh')
    .option('--language <l>', 'only tasks in this language (repeatable)', collect)
    .option('-n <n>', 'samples per task')
    .option('--temperature <t>', 'sampling temperature')
    .option('--max-tokens <n>', 'completion token limit')
    .option('--concurrency <n>', 'concurrent model requests')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--out <report.json>', 'write the report as JSON')
    .option('--json', 'print the report as JSON'))
    .action(gapCmd);
}
