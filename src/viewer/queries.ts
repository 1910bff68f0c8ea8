// SQL read side of the viewer: every aggregate is computed in SQLite (GROUP BY, LIMIT/OFFSET), so a
// run with 100,000 samples is never loaded into memory.
import { type TaskCounts, bootstrapCI, meanPassAtK } from '../pipeline/metrics.js';
import type { PassAtKCell } from '../pipeline/metrics.js';
import type { RunSummary } from '../pipeline/eval.js';
import type { RunRow, Store } from '../store/store.js';
import { sortNatural } from './natural.js';

export interface TaskRate extends TaskCounts { task_id: string }

/** Per-task pass counts in natural order of their keys (HumanEval/2 before HumanEval/10): the grid and
 * compare's fixed/broken lists read in the benchmark's own order. */
export function taskRates(store: Store, runId: string): TaskRate[] {
  return sortNatural(store.db.prepare(`SELECT s.task_key AS key, t.benchmark, t.task_id, t.language, COUNT(*) AS n,
      COALESCE(SUM(s.passed), 0) AS c
    FROM samples s JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key
    WHERE s.run_id = ? AND s.status IS NOT NULL GROUP BY s.task_key`).all(runId) as TaskRate[], (t) => t.key);
}

export function verdictMix(store: Store, runId: string): Record<string, number> {
  const rows = store.db.prepare(`SELECT status, COUNT(*) AS n FROM samples WHERE run_id = ? AND status IS NOT NULL
    GROUP BY status ORDER BY n DESC`).all(runId) as { status: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export interface Totals {
  samples: number; judged: number; passed: number; prompt_tokens: number; completion_tokens: number; cost_usd: number;
  gen_ms: number; exec_ms: number;
}

export function totals(store: Store, runId: string): Totals {
  return store.db.prepare(`SELECT COUNT(*) AS samples, COALESCE(SUM(status IS NOT NULL), 0) AS judged,
      COALESCE(SUM(passed), 0) AS passed, COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
      COALESCE(SUM(completion_tokens), 0) AS completion_tokens, COALESCE(SUM(cost_usd), 0) AS cost_usd,
      COALESCE(SUM(gen_ms), 0) AS gen_ms, COALESCE(SUM(exec_ms), 0) AS exec_ms
    FROM samples WHERE run_id = ?`).get(runId) as Totals;
}

/** A run of SWE-bench instances (`rlcf eval --bench swe:`): its pass@1 is the resolved rate, and the
 * viewer names it so. */
export const isSweRun = (run: RunRow) => run.benchmarks.length > 0 && run.benchmarks.every((b) => b.startsWith('swe:'));

export function runKs(run: RunRow): number[] {
  const k = (run.summary as RunSummary | null)?.k ?? (run.config.k as number[] | undefined);
  return Array.isArray(k) && k.length ? k : [1];
}

/** pass@k per "benchmark language" group and overall, from per-task counts (cheap: one row per task). */
export function groupsOf(rates: TaskRate[], ks: number[]): { overall: PassAtKCell; groups: Record<string, PassAtKCell> } {
  const cell = (ts: TaskRate[]): PassAtKCell => ({
    tasks: ts.length,
    samples: ts.reduce((s, t) => s + t.n, 0),
    pass_at_k: Object.fromEntries(ks.map((k) => [String(k), meanPassAtK(ts, k)])),
    ci95: Object.fromEntries(ks.map((k) => [String(k), bootstrapCI(ts, k, 500)])),
    verdicts: {},
  });
  const by = new Map<string, TaskRate[]>();
  for (const t of rates) {
    const g = `${t.benchmark} ${t.language}`;
    let a = by.get(g);
    if (!a) by.set(g, (a = []));
    a.push(t);
  }
  const groups: Record<string, PassAtKCell> = {};
  for (const g of [...by.keys()].sort()) groups[g] = cell(by.get(g)!);
  return { overall: cell(rates), groups };
}

export function groupVerdicts(store: Store, runId: string): Record<string, Record<string, number>> {
  const rows = store.db.prepare(`SELECT t.benchmark || ' ' || t.language AS g, s.status, COUNT(*) AS n
    FROM samples s JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key
    WHERE s.run_id = ? AND s.status IS NOT NULL GROUP BY g, s.status`).all(runId) as { g: string; status: string; n: number }[];
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.g] ??= {})[r.status] = r.n;
  return out;
}

export interface RunListItem {
  id: string; created_at: string; updated_at: string; status: string; model: string; benchmarks: string[];
  languages: string[]; tasks: number; samples: number; judged: number; k: number[];
  pass_at_k: Record<string, number | null>; ci95: Record<string, [number, number] | null>;
  verdicts: Record<string, number>; time_s: number | null; cost_usd: number; tokens: number; error: string | null;
  /** what pass@1 means for this run: `resolved` for SWE runs */
  metric: 'resolved' | 'pass@k';
}

export function listRuns(store: Store, limit: number, offset: number): { total: number; runs: RunListItem[] } {
  const total = (store.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  const rows = store.db.prepare('SELECT id FROM runs ORDER BY created_at DESC LIMIT ? OFFSET ?').all(limit, offset) as { id: string }[];
  const langs = store.db.prepare('SELECT GROUP_CONCAT(DISTINCT language) AS l, COUNT(*) AS n FROM tasks WHERE run_id = ?');
  const runs = rows.map(({ id }) => {
    const run = store.getRun(id)!;
    const s = run.summary as RunSummary | null;
    const tot = totals(store, id);
    const l = langs.get(id) as { l: string | null; n: number };
    const ks = runKs(run);
    // a running run has no summary yet: pass@k so far, from per-task counts
    const live = s && run.status === 'done' ? null : groupsOf(taskRates(store, id), ks).overall;
    return {
      id, created_at: run.created_at, updated_at: run.updated_at, status: run.status, model: run.model, benchmarks: run.benchmarks,
      languages: (l.l ?? '').split(',').filter(Boolean).sort(), tasks: l.n, samples: tot.samples, judged: tot.judged, k: ks,
      pass_at_k: live ? live.pass_at_k : s!.pass_at_k, ci95: live ? live.ci95 : s!.ci95,
      verdicts: live ? verdictMix(store, id) : s!.verdicts,
      time_s: s?.time.total_s ?? null, cost_usd: s?.cost_usd ?? tot.cost_usd, tokens: tot.prompt_tokens + tot.completion_tokens,
      error: run.error, metric: isSweRun(run) ? 'resolved' as const : 'pass@k' as const,
    };
  });
  return { total, runs };
}

export function runDetail(store: Store, run: RunRow) {
  const rates = taskRates(store, run.id);
  const ks = runKs(run);
  const s = run.summary as RunSummary | null;
  const g = s && run.status === 'done' ? { overall: { pass_at_k: s.pass_at_k, ci95: s.ci95 }, groups: s.groups } : groupsOf(rates, ks);
  const gv = groupVerdicts(store, run.id);
  for (const [name, cell] of Object.entries(g.groups)) cell.verdicts = gv[name] ?? cell.verdicts;
  return {
    run: { id: run.id, created_at: run.created_at, updated_at: run.updated_at, status: run.status, model: run.model,
      benchmarks: run.benchmarks, config: run.config, error: run.error },
    metric: isSweRun(run) ? 'resolved' as const : 'pass@k' as const, k: ks, pass_at_k: g.overall.pass_at_k, ci95: g.overall.ci95, groups: g.groups,
    verdicts: verdictMix(store, run.id), totals: totals(store, run.id), time: s?.time ?? null,
    languages: [...new Set(rates.map((r) => r.language))].sort(),
    grid: rates.slice(0, 20000).map((r) => ({ key: r.key, task_id: r.task_id, language: r.language, benchmark: r.benchmark, n: r.n, c: r.c })),
    grid_truncated: rates.length > 20000,
  };
}

export interface SampleFilters { language?: string; status?: string; task?: string; q?: string }

const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function where(runId: string, f: SampleFilters): { sql: string; args: unknown[] } {
  const parts = ['s.run_id = ?', 's.status IS NOT NULL'];
  const args: unknown[] = [runId];
  if (f.language) { parts.push('t.language = ?'); args.push(f.language); }
  if (f.status === 'failed') parts.push('s.passed = 0');
  else if (f.status === 'passed') parts.push('s.passed = 1');
  else if (f.status) { parts.push('s.status = ?'); args.push(f.status); }
  if (f.task) { parts.push("(t.task_id LIKE ? ESCAPE '\\' OR s.task_key = ?)"); args.push(like(f.task), f.task); }
  if (f.q) {
    parts.push("(s.code LIKE ? ESCAPE '\\' OR s.result LIKE ? ESCAPE '\\')");
    args.push(like(f.q), like(f.q));
  }
  return { sql: parts.join(' AND '), args };
}

export function samplesPage(store: Store, runId: string, f: SampleFilters, offset: number, limit: number) {
  const w = where(runId, f);
  const from = 'FROM samples s JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key';
  const total = (store.db.prepare(`SELECT COUNT(*) AS n ${from} WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  const items = store.db.prepare(`SELECT s.task_key, s.idx, t.task_id, t.language, t.benchmark, s.status, s.passed,
      s.passed_tests, s.total_tests, s.exec_ms, substr(s.result, 1, 160) AS result
    ${from} WHERE ${w.sql} ORDER BY s.task_key, s.idx LIMIT ? OFFSET ?`).all(...w.args, limit, offset) as Record<string, unknown>[];
  for (const it of items) it.passed = it.passed === null ? null : !!it.passed;
  return { total, offset, items };
}

export function sampleDetail(store: Store, runId: string, taskKey: string, idx: number) {
  const row = store.db.prepare(`SELECT s.*, t.benchmark, t.task_id, t.language, t.prompt FROM samples s
    JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key WHERE s.run_id = ? AND s.task_key = ? AND s.idx = ?`)
    .get(runId, taskKey, idx) as Record<string, unknown> | undefined;
  if (!row) return null;
  const v = row.verdict_key ? store.db.prepare('SELECT judgement FROM verdicts WHERE verdict_key = ?').get(row.verdict_key) as
    { judgement: string } | undefined : undefined;
  const siblings = store.db.prepare(`SELECT idx, status, passed, passed_tests, total_tests, exec_ms, code FROM samples
    WHERE run_id = ? AND task_key = ? AND idx != ? ORDER BY idx LIMIT 24`).all(runId, taskKey, idx) as Record<string, unknown>[];
  for (const s of siblings) s.passed = s.passed === null ? null : !!s.passed;
  const count = (store.db.prepare('SELECT COUNT(*) AS n FROM samples WHERE run_id = ? AND task_key = ?').get(runId, taskKey) as { n: number }).n;
  return {
    ...row, passed: row.passed === null ? null : !!row.passed, steps: row.steps ? JSON.parse(row.steps as string) : [],
    judgement: v ? JSON.parse(v.judgement) : null, siblings, task_samples: count,
  };
}
