// Compare page: the first run is the baseline; for each other run, pass@k deltas with a paired
// bootstrap CI, per-language deltas, fixed/broken tasks and a head-to-head scatter.
import { type RunItem, get } from '../api';
import { Scatter } from '../charts';
import { shortModel } from '../names';
import { go, href, type Route } from '../route';
import { Loading, ci, pct, signed, useFetch } from '../util';

interface D { a: number; b: number; delta: number; ci95: [number, number] }
interface Flip { key: string; task_id: string; language: string; a: number; b: number }
interface Cmp {
  runs: { id: string; model: string }[]; base: string; k: number[];
  comparisons: { run: string; common_tasks: number; only_base: number; pass_at_k: Record<string, D | null>;
    groups: { group: string; tasks: number; fixed: number; broken: number; pass_at_k: Record<string, D | null> }[];
    fixed: Flip[]; broken: Flip[]; scatter: [number, number][] }[];
}

/** A delta and its CI; `stacked` puts the CI on its own line (table cells, where it would wrap anywhere). */
const Delta = ({ d, stacked }: { d: D | null | undefined; stacked?: boolean }) => (d ? (
  <span class={d.ci95[0] > 0 ? 'up' : d.ci95[1] < 0 ? 'down' : ''}>{signed(d.delta)} pts{stacked ? <br /> : ' '}<span class="muted small nowrap">{ci(d.ci95)}</span></span>
) : <span class="muted">n/a</span>);

function Picker({ ids }: { ids: string[] }) {
  const { data } = useFetch(() => get<{ runs: RunItem[] }>('runs', { limit: 200 }), []);
  if (!data) return null;
  const toggle = (id: string) => go(['compare'], { runs: (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]).join(',') });
  return (
    <details open={ids.length < 2} class="picker"><summary>runs to compare (the first is the baseline)</summary>
      {data.runs.map((r) => (
        <label key={r.id} class="pick"><input type="checkbox" checked={ids.includes(r.id)} onChange={() => toggle(r.id)} />
          <span title={r.model}>{shortModel(r.model)}</span> <span class="mono muted">{r.id}</span> <span class="muted">· {r.languages.join(' ')} · {pct(r.pass_at_k[String(r.k[0])])}</span></label>
      ))}
    </details>
  );
}

export function Compare({ route }: { route: Route }) {
  const ids = (route.q.get('runs') ?? '').split(',').filter(Boolean);
  const { data, error } = useFetch(() => (ids.length >= 2 ? get<Cmp>('compare', { runs: ids.join(',') }) : Promise.resolve(null)), [ids.join(',')]);
  return (
    <section>
      <h1>Compare</h1>
      <Picker ids={ids} />
      {ids.length < 2 ? <p class="muted">Pick at least two runs.</p> : !data ? <Loading error={error} /> : data.comparisons.map((c) => {
        // runs are named by their models; when both have the same model, the run id tells them apart
        const model = (id: string) => shortModel(data.runs.find((r) => r.id === id)?.model ?? id);
        const [a, b] = model(data.base) === model(c.run) ? [`${model(data.base)} (${data.base})`, `${model(c.run)} (${c.run})`] : [model(data.base), model(c.run)];
        const lists = [
          { title: 'Fixed', list: c.fixed, tid: 'fixed', sub: `no sample passed in ${a} → some passed in ${b}`, none: `No task went from failing in ${a} to passing in ${b}.` },
          { title: 'Broken', list: c.broken, tid: 'broken', sub: `some sample passed in ${a} → none passed in ${b}`, none: `No task that passed in ${a} fails in ${b}.` },
        ];
        return (
          <div key={c.run} class="cmp" data-testid="comparison">
            <h2 data-testid="compare-title"><a href={href(['run', data.base])}>{a}</a> → <a href={href(['run', c.run])}>{b}</a></h2>
            <p class="muted">baseline <a class="mono" href={href(['run', data.base])}>{data.base}</a> → <a class="mono" href={href(['run', c.run])}>{c.run}</a>
              {' · '}{c.common_tasks} tasks in common{c.only_base ? ` · ${c.only_base} only in the baseline` : ''}</p>
            <div class="cards">
              {Object.entries(c.pass_at_k).map(([k, d]) => (
                <div class="card" key={k} data-testid="delta-card"><div class="muted">pass@{k} on common tasks</div>
                  <div class="big">{d ? `${pct(d.a)} → ${pct(d.b)}` : 'n/a'}</div><div><Delta d={d} /></div></div>
              ))}
              <div class="card"><div class="muted">fixed</div><div class="big up" data-testid="fixed-count">{c.fixed.length}</div></div>
              <div class="card"><div class="muted">broken</div><div class="big down" data-testid="broken-count">{c.broken.length}</div></div>
            </div>
            <div class="two">
              <div>
                <h3>Per benchmark × language</h3>
                <table class="grid-table" data-testid="lang-deltas">
                  <thead><tr><th>group</th><th class="num">tasks</th><th class="num">fixed</th><th class="num">broken</th>
                    {Object.keys(c.pass_at_k).map((k) => <th key={k}>Δ pass@{k} [95% CI]</th>)}</tr></thead>
                  <tbody>{c.groups.map((g) => (
                    <tr key={g.group}><td>{g.group}</td><td class="num">{g.tasks}</td><td class="num up">{g.fixed}</td><td class="num down">{g.broken}</td>
                      {Object.keys(c.pass_at_k).map((k) => <td key={k} class="nowrap"><Delta d={g.pass_at_k[k]} stacked /></td>)}</tr>
                  ))}</tbody>
                </table>
              </div>
              <div><h3>Head to head: per-task pass rate</h3><Scatter points={c.scatter} xLabel={a} yLabel={b} /></div>
            </div>
            <div class="two">
              {lists.map(({ title, list, tid, sub, none }) => (
                <div key={title}><h3>{title} <span class="muted small" data-testid={`${tid}-subtitle`}>{sub}</span></h3>
                  {list.length ? (
                    <ul class="flips" data-testid={`${tid}-list`}>{list.slice(0, 500).map((f) => (
                      <li key={f.key}><a href={href(['run', c.run], { task: f.key })}>{f.task_id} {f.language}</a>
                        <span class="muted"> {pct(f.a, 0)} → {pct(f.b, 0)} · <a href={href(['run', data.base], { task: f.key })}>baseline</a></span></li>
                    ))}</ul>
                  ) : <p class="muted empty" data-testid={`${tid}-empty`}>{none}</p>}
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}
