// The overfitting gap (rlcf gap): per model, public vs fresh score over time (one group per report)
// and, for the newest report, per capability; then every report's rows with intervals.
import { get } from '../api';
import { BarChart, SERIES } from '../charts';
import { shortModel } from '../names';
import { href } from '../route';
import { Loading, ci, pct, signed, useFetch, when } from '../util';

interface Side { tasks: number; score: number | null; ci95: [number, number] | null }
interface Row { capability: string; public: Side; fresh: Side; gap: number | null; gap_ci95: [number, number] | null; significant: boolean }
interface Gap {
  id: string; created_at: string; model: string; public_run: string; fresh_run: string;
  report: { public: { benchmarks: string[] }; fresh: { benchmarks: string[] }; rows: Row[]; note: string };
}

function Model({ model, gaps }: { model: string; gaps: Gap[] }) {
  const overTime = [...gaps].reverse(); // oldest first
  const all = (g: Gap) => g.report.rows.find((r) => r.capability === 'all')!;
  const latest = gaps[0];
  const caps = latest.report.rows.filter((r) => r.capability !== 'all' && r.gap !== null);
  return (
    <section data-testid="gap-model">
      <h2 title={model}>{shortModel(model)}</h2>
      <BarChart testid="gap-over-time" labels={overTime.map((g) => when(g.created_at).slice(5, 16))} series={[
        { label: 'public', values: overTime.map((g) => all(g).public.score), color: SERIES[0] },
        { label: 'fresh', values: overTime.map((g) => all(g).fresh.score), color: SERIES[1] },
      ]} />
      {caps.length > 0 && <BarChart testid="gap-capabilities" labels={caps.map((r) => r.capability)} series={[
        { label: 'public (newest report)', values: caps.map((r) => r.public.score), color: SERIES[0] },
        { label: 'fresh (newest report)', values: caps.map((r) => r.fresh.score), color: SERIES[1] },
      ]} />}
      <table class="grid-table" data-testid="gap-table">
        <thead><tr><th>report</th><th>capability</th><th class="num">public</th><th class="num">fresh</th><th>gap [95% CI]</th><th>significant</th></tr></thead>
        <tbody>
          {gaps.flatMap((g) => g.report.rows.filter((r) => r.gap !== null).map((r) => (
            <tr key={`${g.id}/${r.capability}`} data-testid="gap-row">
              <td class="nowrap"><span class="mono small">{g.id}</span><div class="muted small">
                <a href={href(['run', g.public_run])}>public run</a> · <a href={href(['run', g.fresh_run])}>fresh run</a></div></td>
              <td>{r.capability}</td>
              <td class="num nowrap">{pct(r.public.score)} <span class="muted small">{r.public.tasks} tasks</span></td>
              <td class="num nowrap">{pct(r.fresh.score)} <span class="muted small">{r.fresh.tasks} tasks</span></td>
              <td class="nowrap"><b>{signed(r.gap!)}</b> <span class="muted small">{ci(r.gap_ci95)}</span></td>
              <td>{r.significant ? <b data-testid="gap-significant">yes</b> : 'no'}</td>
            </tr>
          )))}
        </tbody>
      </table>
    </section>
  );
}

export function Gaps() {
  const { data, error } = useFetch(() => get<{ gaps: Gap[] }>('gaps'), []);
  if (!data) return <Loading error={error} />;
  if (!data.gaps.length) return <p class="muted">No gap reports yet: <code>rlcf gap --model M --public humaneval --fresh procedural:all@1/5</code>.</p>;
  const models = [...new Set(data.gaps.map((g) => g.model))];
  return (
    <section>
      <h1>Overfitting gap <span class="muted">({data.gaps.length} reports)</span></h1>
      <p class="muted small">{data.gaps[0].report.note}</p>
      {models.map((m) => <Model key={m} model={m} gaps={data.gaps.filter((g) => g.model === m)} />)}
    </section>
  );
}
