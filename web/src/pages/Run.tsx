// Run page: pass@k per benchmark × language (table + chart), verdict distribution, per-task grid
// coloured by pass rate, filterable virtualised sample list, tokens and time.
import { useEffect, useState } from 'preact/hooks';
import { type RunDetail, type SampleItem, get } from '../api';
import { BarChart, SERIES } from '../charts';
import { go, href, type Route } from '../route';
import { VList } from '../vlist';
import { ABBR, Badge, Loading, VerdictBar, VerdictLegend, ci, passColor, pct, secs, useFetch, when } from '../util';

export function Run({ route }: { route: Route }) {
  const id = route.parts[1];
  const f = { language: route.q.get('language') ?? '', status: route.q.get('status') ?? '', task: route.q.get('task') ?? '', q: route.q.get('q') ?? '' };
  const { data, error } = useFetch(() => get<RunDetail>(`runs/${encodeURIComponent(id)}`), [id],
    (d) => (d?.run.status === 'running' ? 2000 : null));
  const [total, setTotal] = useState<number | null>(null);
  const [q, setQ] = useState(f.q);
  useEffect(() => setQ(f.q), [f.q]);
  const setF = (patch: Partial<typeof f>) => go(['run', id], { ...f, ...patch }, true);
  const resetKey = JSON.stringify([id, f, data?.totals.judged]);
  useEffect(() => {
    setTotal(null);
    get<{ total: number }>(`runs/${encodeURIComponent(id)}/samples`, { ...f, limit: 0 }).then((r) => setTotal(r.total), () => setTotal(0));
  }, [resetKey]);
  if (!data) return <Loading error={error} />;
  const groups = Object.entries(data.groups);
  // a SWE run's pass@1 is its resolved rate (one patch per instance): named so
  const label = (k: number) => (data.metric === 'resolved' && k === 1 ? 'resolved' : `pass@${k}`);
  const benches = new Set(groups.map(([g]) => g.split(' ')[0])).size;
  return (
    <section>
      <div class="toolbar">
        <h1>Run <span class="mono">{data.run.id}</span> <span class={`status ${data.run.status}`}>{data.run.status}</span></h1>
        <a href={href(['compare'], { runs: data.run.id })}>compare with…</a>
      </div>
      <p class="muted">{data.run.model} · {data.run.benchmarks.join(', ')} · created {when(data.run.created_at)}
        {data.run.error ? <span class="error"> · {data.run.error}</span> : null}</p>
      <div class="cards">
        {data.k.map((k) => (
          <div class="card" key={k} data-testid="passk-card"><div class="muted">{label(k)}</div><div class="big">{pct(data.pass_at_k[String(k)])}</div>
            <div class="muted">95% CI {ci(data.ci95[String(k)])}</div></div>
        ))}
        <div class="card"><div class="muted">samples</div><div class="big">{data.totals.judged}</div><div class="muted">{data.totals.passed} passed</div></div>
        <div class="card"><div class="muted">time</div><div class="big">{secs(data.time?.total_s)}</div>
          <div class="muted">exec {secs(data.totals.exec_ms / 1000)} · gen {secs(data.totals.gen_ms / 1000)} (summed)</div></div>
        <div class="card"><div class="muted">tokens</div><div class="big">{data.totals.prompt_tokens + data.totals.completion_tokens}</div>
          <div class="muted">{data.totals.prompt_tokens} in · {data.totals.completion_tokens} out{data.totals.cost_usd ? ` · $${data.totals.cost_usd.toFixed(4)}` : ''}</div></div>
      </div>

      <h2>pass@k by benchmark × language</h2>
      {/* the table at its own width, the chart (every k) beside it or, when there is no room, below it;
          with a single group the chart would repeat the table's one row as one big bar: none */}
      <div class="passk">
        <table class="grid-table" data-testid="groups-table">
          <thead><tr><th>benchmark language</th><th class="num">tasks</th><th class="num">samples</th>
            {data.k.map((k) => <th key={k}>{label(k)} [95% CI]</th>)}<th>verdicts</th></tr></thead>
          <tbody>
            {groups.map(([g, c]) => (
              <tr key={g} class="clickable" onClick={() => setF({ language: g.split(' ')[1] })}>
                <td class="nowrap">{g}</td><td class="num">{c.tasks}</td><td class="num">{c.samples}</td>
                {data.k.map((k) => <td key={k} class="nowrap"><b>{pct(c.pass_at_k[String(k)])}</b> <span class="muted small">{ci(c.ci95[String(k)])}</span></td>)}
                <td><VerdictBar mix={c.verdicts} width={120} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {groups.length > 1 ? (
          <BarChart testid="passk-chart" labels={groups.map(([g]) => (benches > 1 ? g : g.split(' ')[1] ?? g))}
            series={data.k.map((k, i) => ({ label: label(k), values: groups.map(([, c]) => c.pass_at_k[String(k)]), color: SERIES[i % SERIES.length] }))} />
        ) : null}
      </div>

      <h2>Verdicts</h2>
      <div data-testid="verdicts"><VerdictBar mix={data.verdicts} width={480} /> <VerdictLegend mix={data.verdicts} /></div>

      <h2>Tasks <span class="muted small">coloured by pass rate; click to filter</span></h2>
      <div class="taskgrid" data-testid="task-grid">
        {data.grid.map((t) => (
          <a key={t.key} class={`cell${f.task === t.key ? ' on' : ''}`} style={{ background: passColor(t.c / t.n) }}
            title={`${t.task_id} ${t.language}: ${t.c}/${t.n} passed`} onClick={() => setF({ task: f.task === t.key ? '' : t.key })} />
        ))}
      </div>
      {data.grid_truncated ? <p class="muted small">grid shows the first 20,000 tasks</p> : null}

      <h2>Samples <span class="muted" data-testid="sample-count">{total === null ? '…' : `${total} match`}</span></h2>
      <div class="filters">
        <select aria-label="language" data-testid="filter-language" value={f.language} onChange={(e) => setF({ language: e.currentTarget.value })}>
          <option value="">all languages</option>{data.languages.map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
        <select aria-label="verdict" data-testid="filter-status" value={f.status} onChange={(e) => setF({ status: e.currentTarget.value })}>
          <option value="">all verdicts</option><option value="failed">failed (any)</option><option value="passed">passed</option>
          {Object.keys(data.verdicts).map((s) => <option key={s} value={s}>{ABBR[s] ?? s} ({s})</option>)}
        </select>
        <input aria-label="task" placeholder="task id" value={f.task} data-testid="filter-task"
          onChange={(e) => setF({ task: e.currentTarget.value })} />
        <input aria-label="search" placeholder="search code and results  ( / )" data-search data-testid="filter-q" value={q}
          onInput={(e) => setQ(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setF({ q })} onChange={() => setF({ q })} />
        {(f.language || f.status || f.task || f.q) ? <button onClick={() => go(['run', id], {}, true)}>clear</button> : null}
      </div>
      <div class="vhead"><span>task</span><span>lang</span><span>#</span><span>verdict</span><span>tests</span><span>ms</span><span>result</span></div>
      {total !== null ? (
        <VList<SampleItem> total={total} resetKey={resetKey}
          fetchPage={(offset, limit) => get<{ items: SampleItem[] }>(`runs/${encodeURIComponent(id)}/samples`, { ...f, offset, limit }).then((r) => r.items)}
          onOpen={(s) => go(['sample', id], { task: s.task_key, idx: s.idx })}
          row={(s) => (s ? (
            <div class="srow">
              <span class="mono">{s.task_id}</span><span>{s.language}</span><span>{s.idx}</span><span><Badge status={s.status} /></span>
              <span>{s.passed_tests ?? '?'}/{s.total_tests ?? '?'}</span><span>{s.exec_ms === null ? '' : Math.round(s.exec_ms)}</span>
              <span class="muted ellipsis">{s.result}</span>
            </div>
          ) : <div class="srow muted">…</div>)} />
      ) : null}
      <p class="muted small">j/k move · Enter opens a sample · / searches</p>
    </section>
  );
}
