// Training loops: the list, and one loop's rounds — per-round curves of every eval suite, the public −
// fresh gap and the sampling pass rate; per round the scores with CIs (linked to their eval runs), the
// data kept per set (linked to the curated folder), cost, each step's time and the gate's decision.
import { get } from '../api';
import { BarChart, SERIES } from '../charts';
import { type Route, href } from '../route';
import { Loading, ci, compact, pct, secs, useFetch, when } from '../util';

interface Metric { metric: string; value: number; ci95: [number, number] | null; n: number | null; run_id?: string | null }
interface Gate { gate: string; suite: string; fired: boolean; action: string; reason: string }
interface Bill {
  tokens: { prompt: number; completion: number }; sandbox: { cpu_s: number; executions: number; judged: number; reused_verdicts: number };
  trainer: { wall_s: number; gpu_hours: number | null }; usd: { total: number | null };
}
interface RoundItem {
  round: number; status: string; checkpoint: string; metrics: Record<string, Metric> | null; gap_points: number | null;
  sample_run: string | null; sample_pass_at_1: number | null; kept: { sft: number; dpo: number; repair: number } | null;
  data_dir: string | null; cost: Bill | null; decision: string | null; gates: Gate[]; stage_s: Record<string, number>;
}
interface LoopDetail {
  id: string; name: string; status: string; state_dir: string; suites: string[]; rounds: RoundItem[]; cumulative: Bill;
  steps: { round: number; step: string; status: string; attempts: number; error: string | null }[];
}
interface LoopItem { id: string; name: string; status: string; created_at: string; rounds: number }

const usd = (v: number | null | undefined) => (v === null || v === undefined ? '$?' : `$${v.toFixed(4)}`);

function LoopPage({ id }: { id: string }) {
  const { data, error } = useFetch(() => get<LoopDetail>(`loops/${encodeURIComponent(id)}`), [id], (d) => (d?.status === 'running' ? 3000 : null));
  if (!data) return <Loading error={error} />;
  const labels = data.rounds.map((r) => `round ${r.round}`);
  const series = [
    ...data.suites.map((s, i) => ({ label: s, color: SERIES[i % SERIES.length], values: data.rounds.map((r) => r.metrics?.[s]?.value ?? null) })),
    { label: 'gap (public − fresh)', color: '#999', values: data.rounds.map((r) => (r.gap_points === null ? null : Math.max(0, r.gap_points) / 100)) },
    { label: 'sampled pass@1', color: '#e45756', values: data.rounds.map((r) => r.sample_pass_at_1) },
  ];
  const stages = ['sample', 'curate', 'train', 'serve', 'evaluate', 'gate'];
  return (
    <section data-testid="loop-page">
      <h1>Loop {data.name} <span class="muted">{data.id} · {data.status}</span></h1>
      <p class="muted small mono">{data.state_dir}</p>
      <BarChart labels={labels} series={series} testid="loop-chart" />
      <table class="grid-table" data-testid="loop-rounds">
        <thead><tr><th>round</th><th>status</th>{data.suites.map((s) => <th key={s}>{s}</th>)}<th>gap</th><th>sampled</th>
          <th>kept sft/dpo/repair</th><th>tokens in/out</th><th>sandbox</th><th>trainer</th><th>cost</th><th>gate</th></tr></thead>
        <tbody>{data.rounds.map((r) => (
          <tr key={r.round} data-testid="loop-round">
            <td>{r.round}</td><td>{r.status}</td>
            {data.suites.map((s) => {
              const m = r.metrics?.[s];
              return <td key={s}>{m ? (m.run_id ? <a href={href(['run', m.run_id])}>{pct(m.value)}</a> : pct(m.value)) : '—'} <span class="muted small">{ci(m?.ci95)}</span></td>;
            })}
            <td>{r.gap_points === null ? '—' : `${r.gap_points.toFixed(1)} pts`}</td>
            <td>{r.sample_run ? <a href={href(['run', r.sample_run])}>{pct(r.sample_pass_at_1)}</a> : '—'}</td>
            <td>{r.kept ? (r.data_dir ? <a href={href(['curated'], { dir: r.data_dir })}>{r.kept.sft}/{r.kept.dpo}/{r.kept.repair}</a> : `${r.kept.sft}/${r.kept.dpo}/${r.kept.repair}`) : '—'}</td>
            <td>{r.cost ? `${compact(r.cost.tokens.prompt)} / ${compact(r.cost.tokens.completion)}` : '—'}</td>
            <td>{r.cost ? `${r.cost.sandbox.cpu_s.toFixed(2)} CPU-s · ${r.cost.sandbox.executions} exec` : '—'}</td>
            <td>{r.cost ? secs(r.cost.trainer.wall_s) : '—'}</td>
            <td>{usd(r.cost?.usd.total)}</td>
            <td>{r.decision ?? '—'}</td>
          </tr>
        ))}</tbody>
      </table>
      <p data-testid="loop-cumulative">Cumulative: {compact(data.cumulative.tokens.prompt)} tokens in / {compact(data.cumulative.tokens.completion)} out,
        {' '}{data.cumulative.sandbox.cpu_s.toFixed(2)} sandbox CPU-s over {data.cumulative.sandbox.executions} executions,
        {' '}trainer {secs(data.cumulative.trainer.wall_s)}, {usd(data.cumulative.usd.total)}</p>
      <h2>Step times</h2>
      <table class="grid-table"><thead><tr><th>round</th>{stages.map((s) => <th key={s}>{s}</th>)}</tr></thead>
        <tbody>{data.rounds.map((r) => <tr key={r.round}><td>{r.round}</td>{stages.map((s) => <td key={s}>{secs(r.stage_s[s])}</td>)}</tr>)}</tbody></table>
      <h2>Gates</h2>
      <ul data-testid="loop-gates">{data.rounds.flatMap((r) => r.gates.map((g) => (
        <li key={`${r.round}${g.gate}`} class={g.fired ? 'error' : ''}>round {r.round} · {g.gate}: {g.fired ? `fired → ${g.action}` : 'ok'} — {g.reason}</li>
      )))}</ul>
      {data.steps.filter((s) => s.status === 'failed' || s.status === 'running').map((s) => (
        <p key={`${s.round}${s.step}`} class={s.status === 'failed' ? 'error' : 'muted'}>round {s.round} {s.step}: {s.status} (attempt {s.attempts}){s.error ? `: ${s.error}` : ''}</p>
      ))}
    </section>
  );
}

export function Loops({ route }: { route: Route }) {
  const id = route.parts[1];
  const { data, error } = useFetch(() => get<{ loops: LoopItem[] }>('loops'), [id]);
  if (id) return <LoopPage id={id} />;
  if (!data) return <Loading error={error} />;
  if (!data.loops.length) return <p class="muted" data-testid="loops-empty">No training loops in this store: see <code>rlcf loop init</code>.</p>;
  return (
    <section>
      <h1>Training loops</h1>
      <table class="grid-table" data-testid="loops"><thead><tr><th>loop</th><th>name</th><th>status</th><th>rounds</th><th>created</th></tr></thead>
        <tbody>{data.loops.map((l) => (
          <tr key={l.id}><td><a href={href(['loops', l.id])}>{l.id}</a></td><td>{l.name}</td><td>{l.status}</td><td>{l.rounds}</td><td>{when(l.created_at)}</td></tr>
        ))}</tbody></table>
    </section>
  );
}
