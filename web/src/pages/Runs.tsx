// Runs list: every run in the store with pass@k and CI, verdict mix, cost/time; running runs poll.
import { useEffect, useState } from 'preact/hooks';
import { type RunItem, get } from '../api';
import { setKeyTarget } from '../keys';
import { shortBench, shortModel } from '../names';
import { go, href } from '../route';
import { Breakable, Loading, VerdictBar, ci, compact, pct, secs, useFetch, when } from '../util';

export function Runs() {
  const { data, error } = useFetch(() => get<{ total: number; runs: RunItem[] }>('runs', { limit: 200 }), [],
    (d) => (d?.runs.some((r) => r.status === 'running') ? 2000 : null));
  const [sel, setSel] = useState(0);
  const [picked, setPicked] = useState<string[]>([]);
  const runs = data?.runs ?? [];
  useEffect(() => {
    setKeyTarget({ move: (d) => setSel((s) => Math.max(0, Math.min(runs.length - 1, s + d))), open: () => runs[sel] && go(['run', runs[sel].id]) });
    return () => setKeyTarget(null);
  });
  if (!data) return <Loading error={error} />;
  if (!runs.length) return <p class="muted">No runs in this store yet: try <code>rlcf demo</code>.</p>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <section>
      <div class="toolbar">
        <h1>Runs <span class="muted">({data.total})</span></h1>
        <button disabled={picked.length < 2} data-testid="compare-selected" onClick={() => go(['compare'], { runs: picked.join(',') })}>
          Compare selected ({picked.length})
        </button>
      </div>
      {/* fixed layout: the table fits the page at 1280 px; ids, dates and figures never wrap; the model and
          benchmark cells show their distinguishing part (names.ts), whole, wrapping at / and -, the full id in the title */}
      <table class="grid-table runs" data-testid="runs-table">
        <colgroup><col class="c-pick" /><col class="c-id" /><col /><col class="c-bench" /><col class="c-langs" />
          <col class="c-count" /><col class="c-passk" /><col class="c-vbar" /><col class="c-time" /></colgroup>
        <thead><tr><th /><th>run · created</th><th>model</th><th>benchmarks</th><th>languages</th>
          <th class="num">samples</th><th>pass@k [95% CI]</th><th>verdicts</th><th class="num">time</th></tr></thead>
        <tbody>
          {runs.map((r, i) => (
            <tr key={r.id} class={i === sel ? 'sel' : ''} data-testid="run-row" onClick={() => setSel(i)}>
              <td><input type="checkbox" aria-label={`select ${r.id}`} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} /></td>
              <td class="nowrap"><a href={href(['run', r.id])} class="mono" data-testid="run-id">{r.id}</a>
                <div><span class="muted small" title={r.created_at} data-testid="run-date">{when(r.created_at).slice(5, 16)}</span>{' '}
                  <span class={`status ${r.status}`}>{r.status}{r.status === 'running' ? ` ${r.judged}` : ''}</span></div></td>
              <td class="name" title={r.model} data-testid="run-model"><Breakable text={shortModel(r.model)} /></td>
              <td class="name" title={r.benchmarks.join(', ')} data-testid="run-bench">{r.benchmarks.map(shortBench).join(', ')}</td>
              <td class="langs">{r.languages.join(' ')}</td>
              <td class="num nowrap">{r.samples}<div class="muted small">{r.tasks} tasks</div></td>
              <td class="nowrap">{r.k.map((k) => <div key={k}>{r.metric === 'resolved' && k === 1 ? 'resolved ' : `@${k} `}<b>{pct(r.pass_at_k[String(k)])}</b> <span class="muted small">{ci(r.ci95[String(k)])}</span></div>)}</td>
              <td><VerdictBar mix={r.verdicts} width={96} /></td>
              <td class="num nowrap">{secs(r.time_s)}<div class="muted small">{r.tokens ? `${compact(r.tokens)} tok` : ''}{r.cost_usd ? ` $${r.cost_usd.toFixed(2)}` : ''}</div></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">j/k move · Enter opens · tick two or more runs to compare them</p>
    </section>
  );
}
