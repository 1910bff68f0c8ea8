// One grading path (issue 11): `rlcf eval` and the reward server's /v1/grade give the same verdict
// for the same (task, completion, options), over every judge kind: the built-in suite (stdio, 8
// languages) with its references, a wrong answer and an empty completion, HumanEval-style assert
// tasks and EvalPlus function tasks likewise.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/benchmarks/index.js';
import type { Task } from '../src/benchmarks/types.js';
import { runEval } from '../src/pipeline/eval.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { LANGUAGES } from '../src/sandbox/types.js';
import { buildApp } from '../src/server/app.js';
import { Store } from '../src/store/store.js';
import { makeSandbox } from './helpers.js';

const FIX = join(import.meta.dirname, 'fixtures');
let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox({ slots: 2 });
});
afterAll(async () => {
  await sb?.close();
});

/** A wrong answer of the task's kind (runs, but fails its tests). */
function wrong(t: Task): string {
  if (t.judge.kind === 'stdio') {
    return {
      python: 'print(0)', javascript: 'console.log(0)', typescript: 'console.log(0)', rust: 'fn main() { println!("0"); }',
      go: 'package main\nimport "fmt"\nfunc main() { fmt.Println(0) }', c: '#include <stdio.h>\nint main(void) { puts("0"); return 0; }',
      cpp: '#include <cstdio>\nint main() { std::puts("0"); }', java: 'public class Main { public static void main(String[] a) { System.out.println(0); } }',
    }[t.language];
  }
  return t.style === 'completion' ? '    return None\n' : `def ${t.judge.kind === 'function' ? t.judge.fn_name : t.entry_point}(*a):\n    return None\n`;
}

async function parity(tasks: Task[], completions: (t: Task) => string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'rlcf-parity-'));
  const store = new Store(join(dir, 'rlcf.db'));
  const n = Math.max(...tasks.map((t) => completions(t).length));
  await runEval(store, sb, {
    benchmarks: [...new Set(tasks.map((t) => t.benchmark))], tasks, n, ks: [1], runAll: true,
    samples: { id: 'parity', completions: (t) => completions(t) },
  });
  const run = store.listRuns()[0];
  const byKey = new Map(store.samples(run.id).map((s) => [`${s.benchmark}/${s.task_id}/${s.language}#${s.idx}`, s]));
  const app = await buildApp({ sandbox: sb, tasks });
  try {
    const items = tasks.flatMap((t) => completions(t).map((c, i) => ({
      id: `${t.benchmark}/${t.id}/${t.language}#${i}`, completion: c, task: { benchmark: t.benchmark, id: t.id, language: t.language },
    })));
    const r = await app.inject({ method: 'POST', url: '/v1/grade', payload: { items, options: { run_all: true } } });
    expect(r.statusCode, r.body.slice(0, 500)).toBe(200);
    const graded = r.json().items as { id: string; status: string; passed: boolean; result: string; passed_tests: number; total_tests: number }[];
    expect(graded).toHaveLength(items.length);
    let compared = 0;
    for (const g of graded) {
      const s = byKey.get(g.id)!;
      expect(s, g.id).toBeDefined();
      expect({ id: g.id, status: g.status, passed: g.passed, result: g.result, tests: [g.passed_tests, g.total_tests] })
        .toEqual({ id: g.id, status: s.status, passed: !!s.passed, result: s.result, tests: [s.passed_tests, s.total_tests] });
      compared++;
    }
    return compared;
  } finally {
    await app.close();
    store.close();
  }
}

describe('rlcf eval and /v1/grade agree on every verdict', () => {
  it('the built-in suite in 8 languages: references, wrong answers, empty completions (stdio)', async () => {
    const all = await loadBenchmark('builtin');
    const ids = ['skip-sum', 'rle-decode', 'base-convert'];
    const tasks = all.filter((t) => ids.includes(t.id));
    expect(new Set(tasks.map((t) => t.language))).toEqual(new Set(LANGUAGES));
    const n = await parity(tasks, (t) => [`\`\`\`${t.language}\n${t.reference}\n\`\`\``, wrong(t), '']);
    expect(n).toBe(ids.length * LANGUAGES.length * 3);
  }, 600_000);

  it('assert (HumanEval) and function (EvalPlus) tasks: references, wrong answers, empty completions', async () => {
    const he = await loadBenchmark(`humaneval:${join(FIX, 'mini-humaneval.jsonl')}`);
    const plus = await loadBenchmark(`humaneval-plus:${join(FIX, 'HumanEvalPlus-mini.jsonl')}`, { sandbox: sb });
    const tasks = [...he, ...plus];
    const n = await parity(tasks, (t) => [t.reference!, wrong(t), '']);
    expect(n).toBe(tasks.length * 3);
  }, 600_000);
});
