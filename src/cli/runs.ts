// `rlcf runs`, `rlcf show <run>`, `rlcf export <run>`: what the store holds.
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { type TestVerdict, inputText } from '../benchmarks/types.js';
import type { RunSummary } from '../pipeline/eval.js';
import type { Store } from '../store/store.js';
import { openStore, printSummary } from './eval.js';
import { UsageError, addStateDirFlag, positiveInt } from './options.js';
import { pct, table } from './table.js';

function openRun(store: Store, id: string) {
  let run;
  try {
    run = store.getRun(id);
  } catch (e) {
    throw new UsageError((e as Error).message); // an ambiguous prefix
  }
  if (!run) throw new UsageError(`no run "${id}" in ${store.path}: see \`rlcf runs\``);
  return run;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line of at most `n` characters: newlines shown as ⏎. */
function oneLine(s: string, n: number): string {
  const t = s.replace(/\r?\n$/, '').replace(/\r?\n/g, '⏎');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

const EXPORT_FORMATS = ['jsonl', 'csv', 'json', 'html'];

/** Failing samples of a run, at most `limit` (0: all), with the first failing test's input. */
function printFailures(store: Store, runId: string, limit: number): void {
  const rows: string[][] = [];
  let total = 0;
  for (const s of store.iterateSamples(runId)) {
    if (s.passed) continue;
    total++;
    if (limit && rows.length >= limit) continue;
    const failing = s.verdict_key ? (store.getVerdict(s.verdict_key)?.tests.find((t: TestVerdict) => !t.passed)) : undefined;
    rows.push([`${s.task_id} ${s.language}`, String(s.idx), s.status ?? '', oneLine(s.result ?? '', 70),
      failing?.input !== undefined ? `#${failing.index} ${oneLine(inputText(failing.input), 40)}` : '']);
  }
  if (!total) {
    process.stdout.write('\nno failing samples\n');
    return;
  }
  process.stdout.write(`\n${table(['task', 'sample', 'status', 'result', 'failing test input'], rows, ['l', 'r', 'l', 'l', 'l'])}\n`);
  if (total > rows.length) process.stdout.write(`… ${total - rows.length} more failing samples (--limit <n>, 0 for all)\n`);
}

export function registerRuns(program: Command): void {
  addStateDirFlag(program.command('runs')
    .description('list eval runs in the store')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--json', 'JSON output'))
    .action(async (f: { db?: string; json?: boolean }) => {
      const store = await openStore(f.db);
      try {
        const runs = store.listRuns();
        if (f.json) {
          process.stdout.write(`${JSON.stringify(runs.map(({ summary, ...r }) => ({ ...r, pass_at_k: (summary as RunSummary | null)?.pass_at_k ?? null })), null, 2)}\n`);
          return;
        }
        if (!runs.length) {
          process.stdout.write(`no runs yet in ${store.path}: try \`rlcf demo\`\n`);
          return;
        }
        process.stdout.write(`${table(['run', 'created', 'status', 'model', 'benchmarks', 'samples', 'pass@k'], runs.map((r) => {
          const s = r.summary as RunSummary | null;
          return [r.id, r.created_at.slice(0, 19).replace('T', ' '), r.status, r.model, r.benchmarks.join(','), s?.samples ?? '-',
            s ? s.k.map((k) => `@${k} ${pct(s.pass_at_k[String(k)])}`).join(' ') : '-'];
        }), ['l', 'l', 'l', 'l', 'l', 'r', 'l'])}\n`);
      } finally {
        store.close();
      }
    });

  addStateDirFlag(program.command('show <run>')
    .description('a run\'s pass@k table and verdict mix (run id or unique prefix)')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--json', 'print the summary as JSON')
    .option('--failures', 'also list failing samples, with the input of the first failing test')
    .option('--limit <n>', 'with --failures: at most n samples (0: all)', '20'))
    .action(async (id: string, f: { db?: string; json?: boolean; failures?: boolean; limit: string }) => {
      const limit = f.limit === '0' ? 0 : positiveInt(f.limit, '--limit');
      const store = await openStore(f.db);
      try {
        const run = openRun(store, id);
        if (!run.summary) {
          process.stdout.write(`run ${run.id} is ${run.status} and has no summary yet: re-run its command to resume it\n`);
          return;
        }
        if (f.json) process.stdout.write(`${JSON.stringify(run.summary, null, 2)}\n`);
        else printSummary(run.summary as RunSummary);
        if (f.failures && !f.json) printFailures(store, run.id, limit);
      } finally {
        store.close();
      }
    });

  addStateDirFlag(program.command('export <run>')
    .description('export a run\'s samples and verdicts')
    .option('--format <fmt>', 'jsonl | csv | json | html (a self-contained report)', 'jsonl')
    .option('--out <file>', 'output file (default: stdout)')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)'))
    .action(async (id: string, f: { format: string; out?: string; db?: string }) => {
      if (!EXPORT_FORMATS.includes(f.format)) throw new UsageError(`--format must be jsonl, csv, json or html (got "${f.format}")`);
      const store = await openStore(f.db);
      let out: NodeJS.WritableStream = process.stdout;
      try {
        const run = openRun(store, id);
        if (f.out) out = createWriteStream(f.out);
        if (f.format === 'html') {
          const { writeHtmlReport } = await import('../viewer/report.js');
          return await writeHtmlReport(store, run, out as never);
        }
        const cols = ['task_id', 'language', 'benchmark', 'idx', 'passed', 'status', 'result', 'passed_tests', 'total_tests',
          'raw', 'code', 'steps', 'prompt_tokens', 'completion_tokens', 'gen_ms', 'exec_ms'] as const;
        if (f.format === 'json') out.write(`{"run":${JSON.stringify(run)},"samples":[`);
        if (f.format === 'csv') out.write(`${cols.join(',')}\n`);
        let first = true;
        for (const s of store.iterateSamples(run.id)) {
          const row = Object.fromEntries(cols.map((c) => [c, (s as unknown as Record<string, unknown>)[c]]));
          if (f.format === 'jsonl') out.write(`${JSON.stringify({ run_id: run.id, ...row })}\n`);
          else if (f.format === 'csv') out.write(`${cols.map((c) => csvCell(row[c])).join(',')}\n`);
          else {
            out.write(`${first ? '' : ','}\n${JSON.stringify(row)}`);
            first = false;
          }
        }
        if (f.format === 'json') out.write('\n]}\n');
      } finally {
        if (out !== process.stdout) await new Promise<void>((res) => out.end(res));
        store.close();
      }
    });
}
