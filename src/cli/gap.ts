// `rlcf gap`: the overfitting gap of one model — public benchmarks vs fresh tasks (procedural
// families), per capability, with bootstrap intervals (src/pipeline/gap.ts). Both sides are ordinary
// eval runs in the store (their verdicts cached), so `rlcf runs` / `rlcf view` show them too.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { GapReport } from '../pipeline/gap.js';
import { evalOptions, evaluate, openStore } from './eval.js';
import { type SandboxFlags, UsageError, addSandboxFlags, collect, openSandbox } from './options.js';
import { writeError } from './tasks.js';
import { table } from './table.js';

interface GapFlags extends SandboxFlags {
  model?: string;
  samples?: string;
  public?: string[];
  fresh?: string[];
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

async function gapCmd(f: GapFlags): Promise<void> {
  const { BENCHMARKS } = await import('../benchmarks/index.js');
  const pub = splitSpecs(f.public ?? [], BENCHMARKS);
  const fresh = splitSpecs(f.fresh ?? [], BENCHMARKS);
  if (!pub.length || !fresh.length) throw new UsageError('give --public <benchmarks> and --fresh <benchmarks>, e.g. --public humaneval,mbpp --fresh procedural:all@1/5');
  const { capabilityOf, gapRows, GAP_NOTE } = await import('../pipeline/gap.js');
  const { taskKey } = await import('../pipeline/eval.js');
  const store = await openStore(f.db);
  const sb = await openSandbox(f);
  try {
    const side = async (bench: string[]) => {
      // a samples file holds both sides' samples: each side scores the tasks it has samples for
      const { public: _p, fresh: _f, ...rest } = f; // (eval's --fresh means something else)
      const flags = { ...rest, bench, k: '1', partial: !!f.samples, progress: false, json: true };
      const opts = await evalOptions(flags);
      const summary = await evaluate(opts, flags, sb, store);
      const cap = new Map(opts.tasks.map((t) => [taskKey(t), capabilityOf(t)]));
      const counts = new Map<string, { n: number; c: number }>();
      for (const s of store.iterateSamples(summary.run_id)) {
        if (s.status === null) continue;
        const x = counts.get(s.task_key) ?? { n: 0, c: 0 };
        x.n++;
        if (s.passed) x.c++;
        counts.set(s.task_key, x);
      }
      const scores = [...counts].map(([k, x]) => ({ capability: cap.get(k) ?? 'other', score: x.c / x.n }));
      return { run_id: summary.run_id, model: summary.model, scores };
    };
    const p = await side(pub);
    const q = await side(fresh);
    const id = `gap-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${p.run_id.slice(-6)}${q.run_id.slice(-6)}`;
    const report: GapReport = {
      kind: 'gap', id, model: p.model, public: { benchmarks: pub, run_id: p.run_id }, fresh: { benchmarks: fresh, run_id: q.run_id },
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
    await sb.close();
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
