// The embedded store (SQLite, WAL): runs, tasks, samples, and the generation and verdict caches
// that make a killed run resume without re-generating or re-executing anything finished.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Judgement } from '../benchmarks/types.js';
import { defaultStateDir } from '../sandbox/engine.js';
import { MIGRATIONS } from './schema.js';

export interface RunRow {
  id: string;
  fingerprint: string;
  created_at: string;
  updated_at: string;
  status: 'running' | 'done' | 'interrupted' | 'failed';
  model: string;
  benchmarks: string[];
  config: Record<string, unknown>;
  summary: unknown | null;
  error: string | null;
}

export interface SampleRow {
  run_id: string;
  task_key: string;
  idx: number;
  gen_key: string | null;
  raw: string | null;
  code: string | null;
  steps: string[];
  verdict_key: string | null;
  status: string | null;
  passed: boolean | null;
  result: string | null;
  passed_tests: number | null;
  total_tests: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  gen_ms: number | null;
  exec_ms: number | null;
}

export interface CurationRow {
  task_key: string;
  idx: number;
  raw: string | null;
  code: string | null;
  /** the sanitising steps (JSON array as stored) */
  steps: string | null;
  status: string | null;
  passed: boolean | null;
  result: string | null;
  passed_tests: number | null;
  total_tests: number | null;
  exec_ms: number | null;
  benchmark: string;
  task_id: string;
  language: string;
  prompt: string;
  /** the verdict cache's Judgement JSON (null when not cached, e.g. sandbox errors) */
  judgement: string | null;
}

export interface CachedGeneration {
  text: string;
  finish_reason?: string | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  cost_usd?: number | null;
  latency_ms?: number | null;
}

const now = () => new Date().toISOString();

export function defaultDbPath(): string {
  return join(defaultStateDir(), 'rlcf.db');
}

export class Store {
  readonly db: Database.Database;

  constructor(readonly path: string = defaultDbPath()) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const v = this.db.pragma('user_version', { simple: true }) as number;
    if (v > MIGRATIONS.length) {
      throw new Error(`${this.path} was written by a newer rlcf (schema ${v} > ${MIGRATIONS.length}); upgrade rlcf or use another --db`);
    }
    for (let i = v; i < MIGRATIONS.length; i++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[i]);
        this.db.pragma(`user_version = ${i + 1}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  private stmts = new Map<string, Database.Statement>();

  /** Prepared once, reused: preparing costs more than running these small statements. */
  private stmt(sql: string): Database.Statement {
    let st = this.stmts.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.stmts.set(sql, st);
    }
    return st;
  }

  // ---- runs ----------------------------------------------------------------------------------

  createRun(r: Pick<RunRow, 'id' | 'fingerprint' | 'model' | 'benchmarks' | 'config'>): RunRow {
    const t = now();
    this.stmt(`INSERT INTO runs (id, fingerprint, created_at, updated_at, status, model, benchmarks, config)
      VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`).run(r.id, r.fingerprint, t, t, r.model, JSON.stringify(r.benchmarks), JSON.stringify(r.config));
    return this.getRun(r.id)!;
  }

  /** The newest unfinished run with this fingerprint: re-running the same command resumes it. */
  findResumable(fingerprint: string): RunRow | null {
    const row = this.stmt(`SELECT * FROM runs WHERE fingerprint = ? AND status != 'done' ORDER BY created_at DESC LIMIT 1`)
      .get(fingerprint) as Record<string, unknown> | undefined;
    return row ? toRun(row) : null;
  }

  getRun(idOrPrefix: string): RunRow | null {
    const rows = this.stmt('SELECT * FROM runs WHERE id = ? OR id LIKE ? ORDER BY created_at DESC LIMIT 2')
      .all(idOrPrefix, `${idOrPrefix}%`) as Record<string, unknown>[];
    const exact = rows.find((r) => r.id === idOrPrefix);
    if (exact) return toRun(exact);
    if (rows.length > 1) throw new Error(`run id prefix "${idOrPrefix}" is ambiguous: give more characters (see \`rlcf runs\`)`);
    return rows[0] ? toRun(rows[0]) : null;
  }

  listRuns(limit = 50): RunRow[] {
    return (this.stmt('SELECT * FROM runs ORDER BY created_at DESC LIMIT ?').all(limit) as Record<string, unknown>[]).map(toRun);
  }

  setRunStatus(id: string, status: RunRow['status'], summary?: unknown, error?: string): void {
    this.stmt('UPDATE runs SET status = ?, updated_at = ?, summary = COALESCE(?, summary), error = ? WHERE id = ?')
      .run(status, now(), summary === undefined ? null : JSON.stringify(summary), error ?? null, id);
  }

  // ---- overfitting-gap reports (rlcf gap) --------------------------------------------------------

  saveGap(g: { id: string; model: string; public_run: string; fresh_run: string; report: unknown }): void {
    this.stmt('INSERT OR REPLACE INTO gap_reports (id, created_at, model, public_run, fresh_run, report) VALUES (?, ?, ?, ?, ?, ?)')
      .run(g.id, now(), g.model, g.public_run, g.fresh_run, JSON.stringify(g.report));
  }

  /** Newest first. */
  listGaps(limit = 200): { id: string; created_at: string; model: string; public_run: string; fresh_run: string; report: unknown }[] {
    return (this.stmt('SELECT * FROM gap_reports ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Record<string, string>[])
      .map((r) => ({ id: r.id, created_at: r.created_at, model: r.model, public_run: r.public_run, fresh_run: r.fresh_run, report: JSON.parse(r.report) }));
  }

  // ---- tasks and samples -----------------------------------------------------------------------

  addTasks(runId: string, tasks: { task_key: string; benchmark: string; task_id: string; language: string; prompt: string }[]): void {
    const ins = this.stmt(`INSERT OR IGNORE INTO tasks (run_id, task_key, benchmark, task_id, language, prompt)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      for (const t of tasks) ins.run(runId, t.task_key, t.benchmark, t.task_id, t.language, t.prompt);
    })();
  }

  tasks(runId: string): { task_key: string; benchmark: string; task_id: string; language: string; prompt: string }[] {
    return this.stmt('SELECT task_key, benchmark, task_id, language, prompt FROM tasks WHERE run_id = ? ORDER BY rowid').all(runId) as never;
  }

  /** Samples already judged in this run (skipped on resume), keyed `task_key#idx`. */
  judgedKeys(runId: string, retryErrors: boolean): Set<string> {
    const rows = this.stmt(`SELECT task_key, idx, status FROM samples WHERE run_id = ? AND status IS NOT NULL`).all(runId) as
      { task_key: string; idx: number; status: string }[];
    return new Set(rows.filter((r) => !(retryErrors && isErrorStatus(r.status))).map((r) => `${r.task_key}#${r.idx}`));
  }

  saveSample(s: Omit<SampleRow, 'steps' | 'passed'> & { steps: string[]; passed: boolean | null }): void {
    this.stmt(`INSERT OR REPLACE INTO samples (run_id, task_key, idx, gen_key, raw, code, steps, verdict_key, status, passed,
      result, passed_tests, total_tests, prompt_tokens, completion_tokens, cost_usd, gen_ms, exec_ms)
      VALUES (@run_id, @task_key, @idx, @gen_key, @raw, @code, @steps, @verdict_key, @status, @passed, @result, @passed_tests,
      @total_tests, @prompt_tokens, @completion_tokens, @cost_usd, @gen_ms, @exec_ms)`).run({
      ...s, steps: JSON.stringify(s.steps), passed: s.passed === null ? null : s.passed ? 1 : 0,
    });
  }

  samples(runId: string): (SampleRow & { benchmark: string; task_id: string; language: string })[] {
    const rows = this.stmt(`SELECT s.*, t.benchmark, t.task_id, t.language FROM samples s
      JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key WHERE s.run_id = ? ORDER BY t.rowid, s.idx`).all(runId) as
      Record<string, unknown>[];
    return rows.map((r) => ({ ...r, steps: r.steps ? JSON.parse(r.steps as string) : [], passed: r.passed === null ? null : !!r.passed }) as never);
  }

  /** Iterate samples without loading a whole run into memory. */
  *iterateSamples(runId: string): Generator<SampleRow & { benchmark: string; task_id: string; language: string }> {
    const stmt = this.stmt(`SELECT s.*, t.benchmark, t.task_id, t.language FROM samples s
      JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key WHERE s.run_id = ? ORDER BY t.rowid, s.idx`);
    for (const r of stmt.iterate(runId) as Iterable<Record<string, unknown>>) {
      yield { ...r, steps: r.steps ? JSON.parse(r.steps as string) : [], passed: r.passed === null ? null : !!r.passed } as never;
    }
  }

  /** Judge specs of a run's tasks (migration 2), keyed by task_key. */
  addTaskSpecs(runId: string, specs: { task_key: string; style: string; judge: unknown; entry_point?: string | null }[]): void {
    const ins = this.stmt(`INSERT OR REPLACE INTO task_specs (run_id, task_key, style, judge, entry_point) VALUES (?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      for (const t of specs) ins.run(runId, t.task_key, t.style, JSON.stringify(t.judge), t.entry_point ?? null);
    })();
  }

  taskSpec(runId: string, taskKey: string): { style: string; judge: unknown; entry_point: string | null } | null {
    const r = this.stmt('SELECT style, judge, entry_point FROM task_specs WHERE run_id = ? AND task_key = ?').get(runId, taskKey) as
      { style: string; judge: string; entry_point: string | null } | undefined;
    return r ? { ...r, judge: JSON.parse(r.judge) } : null;
  }

  /** Samples of a run in task order with their task's prompt and the stored judgement (raw JSON,
   * parsed by the caller only when needed): curation streams a run task by task. */
  *iterateCurationRows(runId: string): Generator<CurationRow> {
    const stmt = this.stmt(`SELECT s.task_key, s.idx, s.raw, s.code, s.steps, s.status, s.passed, s.result, s.passed_tests, s.total_tests,
      s.exec_ms, t.benchmark, t.task_id, t.language, t.prompt, v.judgement FROM samples s
      JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key
      LEFT JOIN verdicts v ON v.verdict_key = s.verdict_key
      WHERE s.run_id = ? ORDER BY t.rowid, s.idx`);
    for (const r of stmt.iterate(runId) as Iterable<Record<string, unknown>>) {
      yield { ...r, passed: r.passed === null ? null : !!r.passed } as CurationRow;
    }
  }

  countSamples(runId: string): number {
    return (this.stmt('SELECT count(*) AS n FROM samples WHERE run_id = ?').get(runId) as { n: number }).n;
  }

  countJudged(runId: string): number {
    return (this.stmt('SELECT count(*) AS n FROM samples WHERE run_id = ? AND status IS NOT NULL').get(runId) as { n: number }).n;
  }

  // ---- caches ----------------------------------------------------------------------------------

  getGeneration(key: string): CachedGeneration | null {
    return (this.stmt('SELECT * FROM generations WHERE gen_key = ?').get(key) as CachedGeneration | undefined) ?? null;
  }

  putGeneration(key: string, g: CachedGeneration): void {
    this.stmt(`INSERT OR REPLACE INTO generations (gen_key, text, finish_reason, prompt_tokens, completion_tokens, cost_usd,
      latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(key, g.text, g.finish_reason ?? null, g.prompt_tokens ?? null,
      g.completion_tokens ?? null, g.cost_usd ?? null, g.latency_ms ?? null, now());
  }

  getVerdict(key: string): Judgement | null {
    const r = this.stmt('SELECT judgement FROM verdicts WHERE verdict_key = ?').get(key) as { judgement: string } | undefined;
    return r ? JSON.parse(r.judgement) : null;
  }

  putVerdict(key: string, j: Judgement): void {
    this.stmt('INSERT OR REPLACE INTO verdicts (verdict_key, judgement, created_at) VALUES (?, ?, ?)').run(key, JSON.stringify(j), now());
  }

  /** When the verdict was stored (ISO time, as runs' created_at), or null: cost accounting tells a
   * verdict a run paid for from one it reused. */
  verdictCreatedAt(key: string): string | null {
    const r = this.stmt('SELECT created_at FROM verdicts WHERE verdict_key = ?').get(key) as { created_at: string } | undefined;
    return r ? r.created_at : null;
  }

  deleteVerdict(key: string): void {
    this.stmt('DELETE FROM verdicts WHERE verdict_key = ?').run(key);
  }
}

/** Statuses that say nothing about the code (a grader-side problem): re-run by --retry-errors. */
export function isErrorStatus(status: string | null): boolean {
  return status === 'sandbox_error' || status === 'generation_error';
}

function toRun(r: Record<string, unknown>): RunRow {
  return {
    ...(r as unknown as RunRow),
    benchmarks: JSON.parse(r.benchmarks as string),
    config: JSON.parse(r.config as string),
    summary: r.summary ? JSON.parse(r.summary as string) : null,
  };
}
