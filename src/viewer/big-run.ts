// Synthetic runs written through the real Store API (createRun, addTasks, saveSample, putVerdict):
// the 100,000-sample fixture behind `npm run bench:viewer` and scripts/make-big-run.mjs, and the
// small runs with real-looking model names, benchmark paths and several k that the viewer's browser
// tests lay out.
import type { Judgement, TestVerdict } from '../benchmarks/types.js';
import type { Store } from '../store/store.js';
import { LANGUAGES } from '../sandbox/types.js';

const LANGS: readonly string[] = LANGUAGES;
const STATUSES = ['wrong_answer', 'compile_error', 'runtime_error', 'time_limit', 'memory_limit', 'output_limit'];

/** The test's input as the judges store it (stdin and/or argv); declared here until TestVerdict carries it. */
type TestWithInput = TestVerdict;

export interface SyntheticRun {
  samples: number;
  perTask?: number;
  id?: string;
  model?: string;
  /** what the run was asked for (as `--bench` spells it); the tasks' benchmark is `benchmark` */
  benchmarks?: string[];
  benchmark?: string;
  k?: number[];
  languages?: string[];
  taskId?: (i: number) => string;
  /** added to every sample's chance to pass: with the same other options, a run with a higher skill
   * passes every sample a lower one passes (the random draws are the same), so no task is broken */
  skill?: number;
}

export function makeSyntheticRun(store: Store, o: SyntheticRun): string {
  const perTask = o.perTask ?? 10;
  const id = o.id ?? `big-${Date.now().toString(36)}`;
  const benchmark = o.benchmark ?? 'synthetic';
  const langs = o.languages ?? LANGS;
  const taskId = o.taskId ?? ((i: number) => `t${String(i).padStart(5, '0')}`);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const tasksPerLang = Math.ceil(o.samples / perTask / langs.length);
  store.createRun({ id, fingerprint: `bench-${id}`, model: o.model ?? 'bench:synthetic', benchmarks: o.benchmarks ?? [benchmark],
    config: { n: perTask, k: o.k ?? [1, 10] } });
  const tasks: { task_key: string; benchmark: string; task_id: string; language: string; prompt: string }[] = [];
  for (let i = 0; i < tasksPerLang; i++) {
    for (const language of langs) {
      tasks.push({ task_key: `${benchmark}/${taskId(i)}/${language}`, benchmark, task_id: taskId(i), language,
        prompt: `Task ${i}: read n numbers and print their sum (in ${language}).` });
    }
  }
  store.addTasks(id, tasks);
  let written = 0;
  store.db.transaction(() => {
    for (const t of tasks) {
      const difficulty = rand();
      for (let idx = 0; idx < perTask && written < o.samples; idx++, written++) {
        const draw = rand();
        const kind = rand(); // drawn whether used or not: runs differing only in skill see the same draws
        const passed = draw + (o.skill ?? 0) > difficulty;
        const status = passed ? 'ok' : STATUSES[Math.floor(kind * STATUSES.length)];
        const vkey = `bench-${id}-${t.task_key}-${idx}`;
        const code = `# ${t.task_key} sample ${idx}\nimport sys\nprint(sum(map(int, sys.stdin.read().split()[1:])))${passed ? '' : ' + 1'}\n`;
        const tests: TestWithInput[] = [
          { index: 0, passed: true, status: 'ok', input: { stdin: '2\n1 2\n' }, cpu_ms: 5, wall_ms: 6 },
          { index: 1, passed, status: passed ? 'ok' : status, input: { stdin: '3\n1 2 3\n', args: ['--sum'] }, expected: '6\n',
            actual: passed ? '6\n' : '7\n', stdout: passed ? '6\n' : '7\n', cpu_ms: 5, wall_ms: 6 }];
        const j: Judgement = { passed, status, result: passed ? 'passed' : `failed: ${status}`, program: code, passed_tests: passed ? 5 : 2,
          total_tests: 5, cpu_ms: 10, wall_ms: 12, tests };
        store.putVerdict(vkey, j);
        store.saveSample({ run_id: id, task_key: t.task_key, idx, gen_key: null, raw: code, code, steps: [], verdict_key: vkey, status,
          passed, result: j.result, passed_tests: j.passed_tests, total_tests: 5, prompt_tokens: 40, completion_tokens: 30, cost_usd: null,
          gen_ms: 100, exec_ms: 12 });
      }
    }
  })();
  store.setRunStatus(id, 'done');
  return id;
}

export function makeBigRun(store: Store, samples = 100_000, perTask = 10, id?: string): string {
  return makeSyntheticRun(store, { samples, perTask, id });
}
