// Training data from execution: `rlcf sample`, `rlcf curate`, `rlcf decontam`, `rlcf synth`.
import type { Command } from 'commander';
import type { Task } from '../benchmarks/types.js';
import type { CurateSummary } from '../pipeline/curate.js';
import type { DecontamIndex, DecontamOptions } from '../pipeline/decontam.js';
import { FORMATS, type Format } from '../pipeline/formats.js';
import { loadTasks, onInterrupt, openStore } from './eval.js';
import {
  EXIT, type SandboxFlags, type StateFlags, UsageError, addSandboxFlags, addStateDirFlag, collect, inputFile, modelFromFlags, numberIn,
  openSandbox, positiveInt,
} from './options.js';
import { Progress } from './progress.js';
import { table } from './table.js';

function decontamOpts(f: { ngram?: string; minOverlap?: string }): DecontamOptions {
  return { ngram: f.ngram ? positiveInt(f.ngram, '--ngram') : 8, minOverlap: f.minOverlap ? positiveInt(f.minOverlap, '--min-overlap') : 1 };
}

function format(v: string | undefined): Format {
  const f = (v ?? 'openai') as Format;
  if (!FORMATS.includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(v)}`);
  return f;
}

interface SampleFlags extends SandboxFlags {
  bench?: string[];
  tasks?: string;
  model?: string;
  n?: string;
  temperature?: string;
  topP?: string;
  maxTokens?: string;
  seed?: string;
  system?: string;
  concurrency?: string;
  limit?: string;
  language?: string[];
  runAll?: boolean;
  db?: string;
  progress?: boolean;
}

async function sampleCmd(f: SampleFlags): Promise<void> {
  const bench = f.bench ?? [];
  if (!bench.length === !f.tasks) throw new UsageError('give --bench <spec> (repeatable) or --tasks <file.jsonl>');
  let tasks: Task[];
  if (f.tasks) {
    inputFile(f.tasks, '--tasks');
    const { loadPlainTasks } = await import('../benchmarks/plain.js');
    try {
      tasks = await loadPlainTasks(f.tasks);
    } catch (e) {
      throw new UsageError(`--tasks ${f.tasks}: ${(e as Error).message}`);
    }
    if (f.language?.length) tasks = tasks.filter((t) => f.language!.includes(t.language));
    if (f.limit) tasks = tasks.slice(0, positiveInt(f.limit, '--limit'));
  } else {
    tasks = await loadTasks(bench, f);
  }
  const m = await modelFromFlags(f.model, f.concurrency);
  const opts = {
    sources: f.tasks ? [`tasks:${f.tasks}`] : bench, tasks, model: m, n: f.n ? positiveInt(f.n, '-n') : 8,
    temperature: numberIn(f.temperature, '--temperature', 0, 2), top_p: numberIn(f.topP, '--top-p', 0, 1),
    max_tokens: f.maxTokens ? positiveInt(f.maxTokens, '--max-tokens') : undefined, seed: numberIn(f.seed, '--seed', 0, 2 ** 53),
    system: f.system, runAll: f.runAll,
  };
  const { runSample } = await import('../pipeline/sample.js');
  const store = await openStore(f.db);
  const sb = await openSandbox(f);
  const bar = new Progress(null, 'sample', f.progress !== false);
  let gen = 0;
  let runId: string | null = null;
  const release = onInterrupt(store, sb, () => runId);
  try {
    const s = await runSample(store, sb, opts, {
      started: (id) => { runId = id; }, planned: (t) => bar.setTotal(t), generated: (c) => bar.note(`gen ${(gen += c)}`),
      judged: (p) => bar.tick(p),
    });
    bar.finish();
    process.stderr.write(`sampled ${s.samples} completions of ${s.tasks} tasks: ${Object.entries(s.verdicts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    process.stdout.write(`${s.run_id}\n`);
  } finally {
    release();
    await sb.close();
    store.close();
  }
}

interface CurateFlags extends StateFlags {
  out?: string;
  format?: string;
  kPerTask?: string;
  prefer?: string;
  decontam?: boolean;
  allowEmpty?: boolean;
  against?: string[];
  ngram?: string;
  minOverlap?: string;
  system?: string;
  db?: string;
  json?: boolean;
  progress?: boolean;
}

export function printCurateSummary(s: CurateSummary): string {
  const reasons = (c: Record<string, number>) => Object.entries(c).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
  const rows: (string | number)[][] = [
    ['sft.jsonl', s.sft.kept, Object.values(s.sft.dropped).reduce((a, b) => a + b, 0), reasons(s.sft.dropped)],
    ['dpo.jsonl', s.dpo.kept, Object.values(s.dpo.dropped).reduce((a, b) => a + b, 0), reasons(s.dpo.dropped)],
    ['repair.jsonl', s.repair.kept, Object.values(s.repair.dropped).reduce((a, b) => a + b, 0), reasons(s.repair.dropped)],
    ...(s.rl ? [['rl.parquet (tasks)', s.rl.kept, Object.values(s.rl.dropped).reduce((a, b) => a + b, 0), reasons(s.rl.dropped)]] : []),
  ];
  return [
    table(['set', 'kept', 'dropped', 'why dropped'], rows), '',
    `run ${s.run_id}: ${s.samples} samples of ${s.tasks} tasks → ${s.out_dir} (${s.format}) in ${s.elapsed_s}s, ${s.rows_per_s} samples/s`,
    `preference pairs by failure kind: ${reasons(s.dpo.failure_kinds)}`,
    s.decontam.enabled
      ? `decontamination against ${s.decontam.items} benchmark items: ${s.decontam.flagged_tasks} task prompts and ${s.decontam.flagged_completions} completions flagged (${reasons(s.decontam.by_benchmark)})`
      : 'decontamination: off (--no-decontam)',
  ].join('\n');
}

/** The decontamination index: --against names benchmarks (their data must load: a usage error
 * otherwise); without it, every benchmark available locally. */
async function decontamIndex(against: string[] | undefined, f: { ngram?: string; minOverlap?: string }, log?: (m: string) => void): Promise<DecontamIndex> {
  const o = decontamOpts(f);
  const { buildIndex } = await import('../pipeline/decontam.js');
  try {
    return await buildIndex(against ?? [], o, log);
  } catch (e) {
    throw new UsageError(`--against: ${(e as Error).message}`);
  }
}

/** Why nothing (or little) was kept, and what to do about it. */
export function curateHints(s: CurateSummary, decontam: boolean): string[] {
  const hints: string[] = [];
  if (decontam && s.tasks > 0 && s.decontam.flagged_tasks === s.tasks) {
    hints.push(`every task's prompt overlaps a benchmark (${Object.entries(s.decontam.by_benchmark).map(([k, v]) => `${k} ${v}`).join(', ')}): ` +
      'this run is benchmark data. To curate benchmark-derived data on purpose, pass --no-decontam.');
  }
  const kept = s.sft.kept + s.dpo.kept + s.repair.kept + (s.rl?.kept ?? 0);
  if (!kept) hints.push(`nothing was kept from run ${s.run_id} (see "why dropped" above); the files in ${s.out_dir} are empty`);
  return hints;
}

async function curateCmd(runId: string, f: CurateFlags): Promise<void> {
  if (!f.out) throw new UsageError('--out <dir> is required');
  const fmt = format(f.format);
  const prefer = (f.prefer ?? 'shortest') as 'shortest' | 'fastest' | 'first';
  if (!['shortest', 'fastest', 'first'].includes(prefer)) throw new UsageError('--prefer must be shortest, fastest or first');
  const k = f.kPerTask ? positiveInt(f.kPerTask, '--k-per-task') : 1;
  const store = await openStore(f.db);
  try {
    const run = store.getRun(runId);
    if (!run) throw new UsageError(`no run ${JSON.stringify(runId)} in ${store.path} (see \`rlcf runs\`)`);
    const ix = f.decontam === false ? null
      : await decontamIndex(f.against, f, f.progress === false ? undefined : (m) => process.stderr.write(`${m}\n`));
    const { curate } = await import('../pipeline/curate.js');
    const bar = new Progress(store.countSamples(run.id), 'curate', f.progress !== false);
    const s = await curate(store, {
      runId: run.id, outDir: f.out, format: fmt, k, prefer, decontam: ix,
      system: f.system, progress: (n) => {
        for (let i = 0; i < n; i++) bar.tick();
      },
    });
    bar.finish();
    process.stdout.write(f.json ? `${JSON.stringify(s, null, 2)}\n` : `${printCurateSummary(s)}\n`);
    const hints = curateHints(s, !!ix);
    for (const h of hints) process.stderr.write(`rlcf: ${h}\n`);
    if (!(s.sft.kept + s.dpo.kept + s.repair.kept + (s.rl?.kept ?? 0)) && !f.allowEmpty) process.exitCode = EXIT.failed;
  } finally {
    store.close();
  }
}

interface DecontamFlags extends StateFlags {
  against?: string[];
  json?: boolean;
  drop?: boolean;
  tag?: boolean;
  out?: string;
  ngram?: string;
  minOverlap?: string;
  progress?: boolean;
  failOnMatch?: boolean;
}

async function decontamCmd(file: string, f: DecontamFlags): Promise<void> {
  inputFile(file, 'decontam');
  if (f.drop && f.tag) throw new UsageError('give --drop or --tag, not both');
  if ((f.drop || f.tag) && !f.out) throw new UsageError(`--${f.drop ? 'drop' : 'tag'} needs --out <file.jsonl>`);
  const ix = await decontamIndex(f.against, f, f.progress === false || f.json ? undefined : (m) => process.stderr.write(`${m}\n`));
  const { decontamFile } = await import('../pipeline/decontam.js');
  const bar = new Progress(null, 'decontam', f.progress !== false);
  const rep = await decontamFile(ix, file, { mode: f.drop ? 'drop' : f.tag ? 'tag' : undefined, out: f.out, onRow: () => bar.tick() });
  bar.finish();
  if (f.json) {
    process.stdout.write(`${JSON.stringify(rep, null, 2)}\n`);
  } else {
    const rows = rep.flagged_rows.slice(0, 50).map((r) => {
      const o = r.overlaps[0];
      return [String(r.line), String(r.id ?? ''), `${o.benchmark} ${o.id}`, o.field, o.kind, `${o.shared} (${(o.ratio * 100).toFixed(0)}%)`];
    });
    if (rows.length) process.stdout.write(`${table(['line', 'row id', 'overlaps', 'field', 'match', `shared ${ix.n}-grams`], rows, ['r', 'l', 'l', 'l', 'l', 'r'])}\n\n`);
    if (rep.flagged_rows.length > 50) process.stdout.write(`... ${rep.flagged_rows.length - 50} more (see --json)\n`);
    process.stdout.write(`${rep.flagged} of ${rep.rows} rows overlap a benchmark` +
      (rep.flagged ? ` (${Object.entries(rep.by_benchmark).map(([k, v]) => `${k} ${v}`).join(', ')})` : '') +
      (rep.invalid_lines ? `; ${rep.invalid_lines} invalid lines skipped` : '') +
      (f.out ? `; ${f.drop ? 'kept rows' : 'tagged rows'} written to ${f.out}` : '') + '\n');
  }
  if (f.failOnMatch && rep.flagged) {
    process.stderr.write(`rlcf: ${rep.flagged} of ${rep.rows} rows of ${file} overlap a benchmark (--fail-on-match)\n`);
    process.exitCode = EXIT.failed;
  }
}

export function registerData(program: Command): void {
  addSandboxFlags(program.command('sample')
    .description('generate n completions per task, execute and store them (prints the run id for `rlcf curate`)')
    .option('--bench <name[:path]>', 'benchmark or training set the harness loads (repeatable)', collect)
    .option('--tasks <file.jsonl>', 'plain tasks: {id, prompt, language, tests} per line')
    .option('--model <provider:spec>', 'model (see `rlcf eval --help`)')
    .option('-n, --n <n>', 'completions per task', '8')
    .option('--temperature <t>', 'sampling temperature').option('--top-p <p>', 'nucleus sampling')
    .option('--max-tokens <n>', 'generation length cap').option('--seed <n>', 'sampling seed')
    .option('--system <text>', 'system prompt').option('--concurrency <n>', 'concurrent requests to the model')
    .option('--language <lang>', 'only tasks in this language (repeatable)', collect).option('--limit <n>', 'only the first n tasks')
    .option('--run-all', 'run every test of a failing sample (richer repair feedback)')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)').option('--no-progress', 'no progress bar'))
    .action(sampleCmd);

  addStateDirFlag(program.command('curate <run-id>')
    .description('rejection sampling from a stored run: sft.jsonl, dpo.jsonl, repair.jsonl (verl: rl.parquet), decontaminated; ' +
      'exits 1 when nothing is kept')
    .option('--out <dir>', 'output directory')
    .option('--format <f>', `${FORMATS.join(' | ')}`, 'openai')
    .option('--k-per-task <k>', 'SFT completions, preference pairs and repair rows per task', '1')
    .option('--prefer <p>', 'which passing completions first: shortest | fastest | first', 'shortest')
    .option('--no-decontam', 'skip benchmark decontamination (to curate benchmark-derived data on purpose)')
    .option('--against <bench[:path]>', 'decontaminate against these (repeatable; default: every benchmark available locally)', collect)
    .option('--ngram <n>', 'decontamination n-gram size', '8').option('--min-overlap <n>', 'shared n-grams that flag a row', '1')
    .option('--system <text>', 'system message for every row')
    .option('--allow-empty', 'exit 0 even when nothing is kept')
    .option('--json', 'print the summary as JSON').option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--no-progress', 'no progress bar'))
    .action(curateCmd);

  addStateDirFlag(program.command('decontam <file>')
    .description('flag rows of a training JSONL that overlap benchmark prompts or solutions (substring and word n-gram)')
    .option('--against <bench[:path]>', 'benchmark (repeatable; default: every benchmark available locally)', collect)
    .option('--json', 'list the flagged rows with the benchmark item each overlaps')
    .option('--drop', 'write the rows that do not overlap to --out').option('--tag', 'write every row with a `decontam` field to --out')
    .option('--out <file>', 'output JSONL').option('--ngram <n>', 'n-gram size (words)', '8')
    .option('--min-overlap <n>', 'shared n-grams that flag a row', '1')
    .option('--fail-on-match', 'exit 1 when any row overlaps a benchmark (for CI)')
    .option('--no-progress', 'no progress bar'))
    .action(decontamCmd);

  addSandboxFlags(program.command('synth')
    .description('execution-validated instruction data: the model proposes tasks with tests from seeds; kept when solutions and tests agree')
    .option('--model <provider:spec>', 'model (chat)').option('--seeds <file>', 'seed snippets or tasks (JSONL with code/prompt/text, or a text file)')
    .option('--languages <list>', 'languages of the proposed tasks', 'python,javascript,rust,go')
    .option('-n, --n <n>', 'solutions sampled per proposed task', '4').option('--tasks-per-seed <n>', 'tasks proposed per seed and language', '1')
    .option('--min-pass <m>', 'solutions that must pass all tests to keep a task', '1')
    .option('--temperature <t>', 'sampling temperature', '0.8').option('--out <dir>', 'output directory')
    .option('--format <f>', `${FORMATS.join(' | ')}`, 'openai').option('--no-decontam', 'skip benchmark decontamination')
    .option('--concurrency <n>', 'concurrent requests').option('--no-progress', 'no progress bar'))
    .action(async (f: Record<string, string | boolean | undefined> & SandboxFlags) => {
      if (!f.seeds) throw new UsageError('--seeds <file> is required');
      inputFile(String(f.seeds), '--seeds');
      if (!f.out) throw new UsageError('--out <dir> is required');
      const opts = {
        seeds: String(f.seeds), outDir: String(f.out), format: format(f.format as string | undefined),
        languages: String(f.languages).split(',').map((x) => x.trim()).filter(Boolean),
        n: positiveInt(String(f.n), '-n'), perSeed: positiveInt(String(f.tasksPerSeed), '--tasks-per-seed'),
        minPass: positiveInt(String(f.minPass), '--min-pass'), temperature: numberIn(String(f.temperature), '--temperature', 0, 2),
      };
      const m = await modelFromFlags(f.model as string | undefined, f.concurrency as string | undefined);
      const { runSynth } = await import('../pipeline/synth.js');
      const ix = f.decontam === false ? null : await decontamIndex([], {}, (x) => process.stderr.write(`${x}\n`));
      const sb = await openSandbox(f);
      try {
        const bar = new Progress(null, 'synth', f.progress !== false);
        const s = await runSynth(sb, {
          ...opts, model: m, decontam: ix, onProgress: (total) => { bar.setTotal(total); bar.tick(); },
        });
        bar.finish();
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      } finally {
        await sb.close();
      }
    });
}
