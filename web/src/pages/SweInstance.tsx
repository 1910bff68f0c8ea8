// A SWE-bench instance of an `rlcf eval --bench swe:` run: the problem statement, the model patch as
// a diff (added / removed lines coloured), the FAIL_TO_PASS and PASS_TO_PASS tables with each test's
// status and the log's lines about it, and the log's tail. Patches and logs come from the model and
// the code under test: they are only ever rendered as text nodes (JSX escapes), never as HTML.
import { href } from '../route';
import { Badge } from '../util';

export interface SweTest { test: string; kind: 'FAIL_TO_PASS' | 'PASS_TO_PASS'; status: string; outcome: 'success' | 'failure'; excerpt: string }
export interface SwePart {
  instance_id: string; repo: string; base_commit: string; state: string; patch_applied: boolean; error: string | null;
  tests: SweTest[]; log_tail: string;
}
interface Sample { task_key: string; task_id: string; prompt: string; raw: string | null; code: string | null; status: string; exec_ms: number | null }

const lineClass = (l: string) =>
  l.startsWith('+++') || l.startsWith('---') || l.startsWith('@@') || l.startsWith('diff ') ? 'dh' : l.startsWith('+') ? 'da' : l.startsWith('-') ? 'dd' : 'dc';

export function Diff({ patch }: { patch: string }) {
  if (!patch) return <p class="muted" data-testid="swe-patch">empty patch</p>;
  return (
    <pre class="code diff" data-testid="swe-patch">
      {patch.replace(/\n$/, '').split('\n').map((l, i) => <div key={i} class={lineClass(l)}>{l || ' '}</div>)}
    </pre>
  );
}

function Tests({ kind, rows }: { kind: string; rows: SweTest[] }) {
  const ok = rows.filter((r) => r.outcome === 'success').length;
  return (
    <>
      <h2>{kind} <span class="muted small">{ok}/{rows.length} success</span></h2>
      {rows.length ? (
        <table class="grid-table swe-tests" data-testid={`swe-${kind}`}>
          <colgroup><col class="c-test" /><col class="c-status" /><col class="c-outcome" /><col /></colgroup>
          <thead><tr><th>test</th><th class="narrow">status</th><th class="narrow">outcome</th><th>log excerpt</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.test} class={r.outcome === 'success' ? '' : 'fail'} data-testid="swe-test">
                <td class="mono small">{r.test}</td><td class="nowrap">{r.status}</td>
                <td class="nowrap"><Badge status={r.outcome === 'success' ? 'ok' : 'wrong_answer'} /> {r.outcome}</td>
                <td>{r.excerpt ? <details open={r.outcome === 'failure'}><summary>log</summary><pre class="code" data-testid="swe-excerpt">{r.excerpt}</pre></details>
                  : <span class="muted small">no lines about it in the log</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="muted">none</p>}
    </>
  );
}

export function SweInstance({ run, s, swe }: { run: string; s: Sample; swe: SwePart }) {
  return (
    <section>
      <p><a href={href(['run', run])}>← run {run}</a></p>
      <h1 data-testid="sample-title"><span class="mono">{s.task_id}</span> <span class={`tag swe-${swe.state.replace(' ', '-')}`} data-testid="swe-state">{swe.state}</span> <Badge status={s.status} /></h1>
      <p class="muted">{swe.repo} @ <span class="mono">{swe.base_commit.slice(0, 12)}</span> · patch applied: {String(swe.patch_applied)}
        {s.exec_ms !== null ? ` · ${(s.exec_ms / 1000).toFixed(1)} s` : ''}</p>
      {swe.error ? <pre class="code wrap error" data-testid="swe-error">{swe.error}</pre> : null}
      <h2>Problem statement</h2>
      <pre class="code wrap" data-testid="prompt">{s.prompt}</pre>
      <h2>Model patch</h2>
      <Diff patch={s.code ?? ''} />
      <Tests kind="FAIL_TO_PASS" rows={swe.tests.filter((t) => t.kind === 'FAIL_TO_PASS')} />
      <Tests kind="PASS_TO_PASS" rows={swe.tests.filter((t) => t.kind === 'PASS_TO_PASS')} />
      {s.raw ? <details><summary>the model's answer</summary><pre class="code wrap" data-testid="raw">{s.raw}</pre></details> : null}
      <details><summary>test log (tail)</summary><pre class="code" data-testid="swe-log">{swe.log_tail}</pre></details>
      <p class="muted small"><a href={href(['run', run], { task: s.task_key })}>this instance in the run's sample list</a></p>
    </section>
  );
}
