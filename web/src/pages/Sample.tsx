// Task/sample page: prompt, raw output, sanitised code with its sanitising steps, per-test verdicts
// (stdout/stderr/compiler messages, timing) and the task's other samples side by side.
import { get } from '../api';
import { href, type Route } from '../route';
import { Badge, Loading, useFetch } from '../util';
import { SweInstance, type SwePart } from './SweInstance';

/** A stored test verdict; `input` (what the test fed the program) is present in verdicts judged since it was added. */
interface Test { index: number; passed: boolean; status: string; message?: string; expected?: string; actual?: string;
  stdout?: string; stderr?: string; cpu_ms?: number; wall_ms?: number; input?: { stdin?: string; args?: string[]; call?: string } }
interface Detail {
  task_key: string; idx: number; task_id: string; language: string; benchmark: string; prompt: string; raw: string | null;
  code: string | null; steps: string[]; status: string; passed: boolean | null; result: string | null; passed_tests: number | null;
  total_tests: number | null; exec_ms: number | null; gen_ms: number | null; prompt_tokens: number | null; completion_tokens: number | null;
  judgement: { status: string; compile_message?: string; cpu_ms: number; wall_ms: number; tests: Test[]; program: string; swe?: SwePart } | null;
  siblings: { idx: number; status: string; passed: boolean | null; passed_tests: number | null; total_tests: number | null; code: string | null }[];
  task_samples: number;
}

/** `wrap`: prose (prompts, model answers) wraps at the box; code keeps its lines and scrolls. */
const Pre = ({ text, testid, wrap }: { text: string | null | undefined; testid?: string; wrap?: boolean }) =>
  <pre class={wrap ? 'code wrap' : 'code'} data-testid={testid}>{text ?? ''}</pre>;

/** argv as a shell would need it typed: plain words bare, others quoted. */
const argv = (args: string[]) => args.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');

/** `actual` when it is the start of `stdout` cut by the judge's cap ("… [N more chars]"). */
const capped = (actual: string, stdout: string) => {
  const m = /… \[\d+ more chars\]$/.exec(actual);
  return !!m && stdout.startsWith(actual.slice(0, m.index));
};

/** A failing test's input, expected and actual output, stdout and stderr. For stdin/stdout tests the
 * judge stores the program's stdout twice (as `actual`, capped at 1 KiB, and as `stdout`): shown once. */
function TestIO({ t }: { t: Test }) {
  const same = t.actual !== undefined && t.stdout !== undefined && (t.stdout === t.actual || capped(t.actual, t.stdout));
  return (
    <div class="io" data-testid="test-io">
      {t.input?.args?.length ? <div><b>arguments</b><Pre text={argv(t.input.args)} testid="test-args" /></div> : null}
      {t.input?.stdin !== undefined ? <div><b>input (stdin)</b><Pre text={t.input.stdin} testid="test-stdin" /></div> : null}
      {t.input?.call !== undefined ? <div><b>call arguments</b><Pre text={t.input.call} testid="test-call" /></div> : null}
      {t.expected !== undefined ? <div><b>expected</b><Pre text={t.expected} /></div> : null}
      {t.actual !== undefined ? <div><b>{same ? 'actual (stdout)' : 'actual'}</b><Pre text={same ? t.stdout : t.actual} /></div> : null}
      {t.stdout && !same ? <div><b>stdout</b><Pre text={t.stdout} /></div> : null}
      {t.stderr ? <div><b>stderr</b><Pre text={t.stderr} /></div> : null}
    </div>
  );
}

export function Sample({ route }: { route: Route }) {
  const run = route.parts[1];
  const task = route.q.get('task') ?? '';
  const idx = Number(route.q.get('idx') ?? 0);
  const { data: s, error } = useFetch(() => get<Detail>(`runs/${encodeURIComponent(run)}/sample`, { task, idx }), [run, task, idx]);
  if (!s) return <Loading error={error} />;
  const j = s.judgement;
  // a SWE-bench instance of an `eval --bench swe:` run: its own page (problem, patch, test tables)
  if (j?.swe) return <SweInstance run={run} s={s} swe={j.swe} />;
  return (
    <section>
      <p><a href={href(['run', run])}>← run {run}</a> · <a href={href(['run', run], { task: s.task_key })}>all samples of this task</a></p>
      <h1 data-testid="sample-title"><span class="mono">{s.task_id}</span> · {s.language} · sample {s.idx} <Badge status={s.status} /></h1>
      <p class="muted">{s.benchmark} · {s.result} · tests {s.passed_tests ?? '?'}/{s.total_tests ?? '?'} · exec {s.exec_ms?.toFixed(0) ?? '—'} ms
        {j ? ` · cpu ${j.cpu_ms.toFixed(0)} ms · wall ${j.wall_ms.toFixed(0)} ms` : ''}
        {s.prompt_tokens !== null ? ` · tokens ${s.prompt_tokens}+${s.completion_tokens}` : ''}</p>
      <div class="two">
        <div><h2>Prompt</h2><Pre text={s.prompt} testid="prompt" wrap /></div>
        <div><h2>Raw model output</h2><Pre text={s.raw} testid="raw" wrap /></div>
      </div>
      <h2>Sanitised code</h2>
      <p data-testid="steps">{s.steps.length ? s.steps.map((st) => <span class="chip" key={st}>{st}</span>) : <span class="muted">no sanitising step (used as written)</span>}</p>
      <Pre text={s.code} testid="code" />
      {j?.compile_message ? <><h2>Compiler</h2><Pre text={j.compile_message} testid="compiler" /></> : null}
      <h2>Tests <span class="muted small">{j ? `${j.tests.length} run of ${s.total_tests}` : 'no stored judgement'}</span></h2>
      {j ? (
        <table class="grid-table" data-testid="tests-table">
          <thead><tr><th class="narrow">#</th><th class="narrow">verdict</th><th class="num narrow">cpu ms</th><th class="num narrow">wall ms</th>
            <th>detail</th></tr></thead>
          <tbody>
            {j.tests.map((t) => (
              <tr key={t.index} class={t.passed ? '' : 'fail'}>
                <td>{t.index}</td><td><Badge status={t.passed ? 'ok' : t.status} /></td>
                <td class="num">{t.cpu_ms?.toFixed(0) ?? ''}</td><td class="num">{t.wall_ms?.toFixed(0) ?? ''}</td>
                <td>
                  {t.message ? <div>{t.message}</div> : null}
                  {!t.passed && (t.input || t.expected !== undefined || t.actual !== undefined || t.stdout || t.stderr) ? (
                    <details open><summary>input and output</summary><TestIO t={t} /></details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>Other samples of this task <span class="muted small">({s.task_samples - 1})</span></h2>
      {s.siblings.length ? (
        <div class="side" data-testid="siblings">
          {s.siblings.map((o) => (
            <div class="card" key={o.idx}>
              <a href={href(['sample', run], { task: s.task_key, idx: o.idx })}>sample {o.idx}</a> <Badge status={o.status} /> {o.passed_tests}/{o.total_tests}
              <Pre text={o.code} />
            </div>
          ))}
        </div>
      ) : <p class="muted">This task has one sample in this run.</p>}
    </section>
  );
}
