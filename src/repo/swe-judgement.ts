// What the viewer shows of one SWE instance of a stored run (`rlcf eval --bench swe:`): the per-test
// table of FAIL_TO_PASS and PASS_TO_PASS with each test's status and an excerpt of the log about it,
// kept in the store's verdicts table as a Judgement (so curation and the HTML export read it like
// any other) with a `swe` part. Logs and patches come from the model and the code under test: they
// are stored as text and rendered as text.
import { createHash } from 'node:crypto';
import type { Judgement, TestVerdict } from '../benchmarks/types.js';
import type { InstanceResult } from './evaluate.js';
import type { SweInstance } from './formats.js';

export interface SweTestRow { test: string; kind: 'FAIL_TO_PASS' | 'PASS_TO_PASS'; status: string; outcome: 'success' | 'failure'; excerpt: string }
export interface SweJudgementPart {
  instance_id: string; repo: string; base_commit: string; state: string; patch_applied: boolean; error: string | null;
  tests: SweTestRow[]; log_tail: string;
}
export type SweJudgement = Judgement & { swe: SweJudgementPart };

const EXCERPT = 2000, TAIL = 6000;

/** The lines of a test log about one test: pytest's failure section (`___ name ___` up to the next
 * header), Go's `=== RUN name` … `--- FAIL: name` block, else the lines naming it with one line of
 * context either side; capped. */
export function excerptFor(log: string, test: string, max = EXCERPT): string {
  if (!log) return '';
  const lines = log.split('\n');
  const short = test.split('::').slice(1).join('.') || test;
  const last = test.split('::').pop()!.replace(/\[.*$/, '');
  const cap = (s: string) => (s.length > max ? `${s.slice(0, max)}… [${s.length - max} more chars]` : s);
  const head = lines.findIndex((l) => /^_{3,} (.+) _{3,}$/.test(l) && (l.includes(` ${short} `) || l.includes(` ${last} `) || l.includes(`.${last} `)));
  if (head >= 0) {
    let end = head + 1;
    while (end < lines.length && !/^(_{3,}|={3,}) .* (_{3,}|={3,})$/.test(lines[end])) end++;
    return cap(lines.slice(head, end).join('\n'));
  }
  const run = lines.findIndex((l) => l.trim() === `=== RUN   ${test}`);
  if (run >= 0) {
    let end = run + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(`--- `)) end++;
    return cap(lines.slice(run, end + 1).join('\n'));
  }
  const keep = new Set<number>();
  lines.forEach((l, i) => { if (l.includes(test) || (last.length > 3 && l.includes(last))) for (const j of [i - 1, i, i + 1]) if (j >= 0 && j < lines.length) keep.add(j); });
  return cap([...keep].sort((a, b) => a - b).slice(0, 40).map((i) => lines[i]).join('\n'));
}

/** The stored judgement of one instance: `state` is resolved | unresolved | empty patch | error. */
export function sweJudgement(inst: SweInstance, state: string, r: InstanceResult | undefined): SweJudgement {
  const ts = r?.report?.tests_status;
  const log = r ? r.raw_output || r.test_output || r.log : '';
  const rows: SweTestRow[] = [];
  for (const kind of ['FAIL_TO_PASS', 'PASS_TO_PASS'] as const) {
    const ok = new Set(ts?.[kind].success ?? []);
    for (const t of inst[kind]) {
      rows.push({ test: t, kind, status: r?.status_map?.[t] ?? (r?.report ? 'missing' : 'not run'), outcome: ok.has(t) ? 'success' : 'failure',
        // a passing test's lines are rarely read: kept short, so a run with hundreds of PASS_TO_PASS
        // tests (django's) stores tens of kilobytes per instance, not megabytes
        excerpt: r ? excerptFor(log, t, ok.has(t) ? 400 : EXCERPT) : '' });
    }
  }
  const tests: TestVerdict[] = rows.map((t, i) => ({ index: i, passed: t.outcome === 'success', status: t.outcome === 'success' ? 'ok' : 'wrong_answer',
    message: `${t.kind} ${t.test}: ${t.status}` }));
  const passed = state === 'resolved';
  return {
    passed, status: passed ? 'ok' : state === 'unresolved' ? 'wrong_answer' : state === 'empty patch' ? 'no_code' : 'patch_failed',
    result: state, program: '', tests, passed_tests: tests.filter((t) => t.passed).length, total_tests: tests.length,
    cpu_ms: 0, wall_ms: r?.timings.wall_ms ?? 0,
    swe: { instance_id: inst.instance_id, repo: inst.repo, base_commit: inst.base_commit, state, patch_applied: r?.patch_applied ?? false,
      error: r?.error ?? null, tests: rows, log_tail: log.length > TAIL ? log.slice(-TAIL) : log },
  };
}

export const sweVerdictKey = (runId: string, j: SweJudgement) =>
  createHash('sha256').update(JSON.stringify(['swe-judgement', runId, j])).digest('hex');
