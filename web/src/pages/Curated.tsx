// Curated datasets (rlcf curate): what each output set kept and dropped, and why, read from
// summary.json (src/pipeline/curate.ts: CurateSummary). Keys are named for people, not as in the
// JSON; keys this page does not know are still shown, as cards or tables, and the file on demand.
import { get } from '../api';
import { type Route, go, href } from '../route';
import { Loading, secs, useFetch } from '../util';

interface DS { dir: string; summary: Record<string, unknown> | null; error: string | null }
type Counts = Record<string, number>;

const SETS: Record<string, string> = { sft: 'SFT', dpo: 'DPO pairs', repair: 'Repair', rl: 'RL (verl)' };
const LABELS: Record<string, string> = {
  samples: 'samples read', tasks: 'tasks', kept: 'kept', dropped: 'dropped', format: 'format', rows_per_s: 'rows per second',
  dropped_by_reason: 'dropped, by reason', failure_kinds: 'failure kinds of the rejected answers', by_benchmark: 'by benchmark',
};
/** Shown in the dataset's header line, not as cards. */
const HEADER = new Set(['run_id', 'out_dir', 'format', 'elapsed_s', 'rows_per_s', 'files', 'decontam']);
const label = (k: string) => LABELS[k] ?? SETS[k] ?? k.replace(/_/g, ' ');

const isCounts = (v: unknown): v is Counts =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number');
const sum = (c: Counts) => Object.values(c).reduce((s, n) => s + n, 0);
/** An output set ({kept, dropped: {reason: n}, ...}) as curate writes sft, dpo, repair and rl. */
const isSet = (v: unknown): v is { kept: number; dropped?: Counts | number } & Record<string, unknown> =>
  !!v && typeof v === 'object' && typeof (v as { kept?: unknown }).kept === 'number';

function CountsTable({ title, counts }: { title: string; counts: Counts }) {
  const total = sum(counts);
  return (
    <div data-testid="curated-counts"><h3>{title}</h3><table class="grid-table"><tbody>
      {Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => (
        <tr key={k}><td>{k.replace(/_/g, ' ').replace(/:(?=\S)/g, ': ')}</td><td class="num">{n}</td><td><span class="hbar" style={{ width: `${(n / (total || 1)) * 160}px` }} /></td></tr>
      ))}
    </tbody></table></div>
  );
}

function Dataset({ d }: { d: DS & { summary: Record<string, unknown> } }) {
  const s = d.summary;
  const entries = Object.entries(s);
  const sets = entries.filter((e): e is [string, { kept: number; dropped?: Counts | number } & Record<string, unknown>] => isSet(e[1]));
  const dec = s.decontam as { enabled?: boolean; items?: number; flagged_tasks?: number; flagged_completions?: number; by_benchmark?: Counts } | undefined;
  const tables: [string, Counts][] = [
    ...sets.flatMap(([k, v]) => Object.entries(v).filter(([, x]) => isCounts(x) && sum(x as Counts) > 0)
      .map(([sub, x]): [string, Counts] => [`${label(k)}: ${sub === 'dropped' ? 'why rows were dropped' : label(sub)}`, x as Counts])),
    ...entries.filter(([k, v]) => !HEADER.has(k) && isCounts(v) && sum(v) > 0).map(([k, v]): [string, Counts] => [label(k), v as Counts]),
    ...(dec?.by_benchmark && sum(dec.by_benchmark) ? [['decontamination: flagged, by benchmark', dec.by_benchmark] as [string, Counts]] : []),
  ];
  return (
    <>
      <p class="muted" data-testid="curated-meta">
        {typeof s.run_id === 'string' ? <>from run <a class="mono" href={href(['run', s.run_id])}>{s.run_id}</a></> : 'run unknown'}
        {typeof s.format === 'string' ? ` · format ${s.format}` : ''}
        {typeof s.elapsed_s === 'number' ? ` · curated in ${secs(s.elapsed_s)}` : ''}
        {typeof s.rows_per_s === 'number' ? ` (${s.rows_per_s} rows/s)` : ''}
        {dec ? ` · decontamination ${dec.enabled === false ? 'off' : `on: ${dec.flagged_tasks ?? 0} tasks and ${dec.flagged_completions ?? 0} completions flagged among ${dec.items ?? '?'} benchmark items`}` : ''}
      </p>
      <div class="cards">
        {sets.map(([k, v]) => (
          <div class="card" key={k} data-testid="curated-set"><div class="muted">{label(k)}</div><div class="big">{v.kept} kept</div>
            <div class="muted">{typeof v.dropped === 'number' ? v.dropped : isCounts(v.dropped) ? sum(v.dropped) : 0} dropped</div></div>
        ))}
        {entries.filter(([k, v]) => !HEADER.has(k) && (typeof v === 'number' || typeof v === 'string')).map(([k, v]) => (
          <div class="card" key={k}><div class="muted">{label(k)}</div><div class="big">{String(v)}</div></div>
        ))}
      </div>
      <div class="two">{tables.map(([t, c]) => <CountsTable key={t} title={t} counts={c} />)}</div>
      {Array.isArray(s.files) ? <p class="small">files: {s.files.map((f) => <code key={String(f)} class="chip">{String(f)}</code>)}</p> : null}
      <details><summary>summary.json</summary><pre class="code">{JSON.stringify(s, null, 2)}</pre></details>
    </>
  );
}

export function Curated({ route }: { route: Route }) {
  const dir = route.q.get('dir') ?? '';
  const { data, error } = useFetch(() => get<{ roots: string[]; datasets: DS[] }>('curated', { dir }), [dir]);
  if (!data) return <Loading error={error} />;
  return (
    <section>
      <h1>Curated datasets</h1>
      <div class="filters">
        <input placeholder="curate output directory" value={dir} data-search onChange={(e) => go(['curated'], { dir: e.currentTarget.value })} />
      </div>
      {!data.datasets.length ? (
        <p class="muted" data-testid="curated-empty">No curated dataset found (looked for summary.json in {data.roots.join(', ')}).
          Run <code>rlcf curate</code>, then give its output directory above or to <code>rlcf view --curate-dir</code>.</p>
      ) : data.datasets.map((d) => (
        <div class="cmp" key={d.dir} data-testid="curated-dataset">
          <h2 class="mono">{d.dir}</h2>
          {d.error || !d.summary ? <p class="error">{d.error ?? 'summary.json is empty'}</p> : <Dataset d={d as DS & { summary: Record<string, unknown> }} />}
        </div>
      ))}
    </section>
  );
}
