// Small shared pieces: number formatting, verdict names and colours, the verdict mix bar.
import { useEffect, useState } from 'preact/hooks';

export const ABBR: Record<string, string> = {
  ok: 'OK', wrong_answer: 'WA', compile_error: 'CE', runtime_error: 'RE', time_limit: 'TLE', memory_limit: 'MLE',
  output_limit: 'OLE', sandbox_error: 'SE', generation_error: 'GE',
};
export const VERDICTS = Object.keys(ABBR);
export const abbr = (s: string | null) => (s ? ABBR[s] ?? s : '—');
export const COLOR: Record<string, string> = {
  ok: '#2e9e5b', wrong_answer: '#d9534f', compile_error: '#8e44ad', runtime_error: '#e67e22', time_limit: '#2f80ed',
  memory_limit: '#16a2b8', output_limit: '#b8860b', sandbox_error: '#7f8c8d', generation_error: '#555',
};

export const pct = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(d)}%`);
export const ci = (c: [number, number] | null | undefined) => (c ? `[${(c[0] * 100).toFixed(1)}, ${(c[1] * 100).toFixed(1)}]` : '');
export const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
export const secs = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s < 90 ? `${s.toFixed(1)}s` : `${(s / 60).toFixed(1)}m`);
export const when = (iso: string) => iso.slice(0, 19).replace('T', ' ');
/** 1234 → 1.2k, 3456789 → 3.5M: token counts in a narrow column. */
export const compact = (n: number) => (n < 1e3 ? String(n) : n < 1e6 ? `${(n / 1e3).toFixed(1)}k` : `${(n / 1e6).toFixed(1)}M`);

/** Text that may wrap after / - _ . (model names, paths) rather than only at spaces. */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[/_.-])/);
  return <>{parts.map((p, i) => (i ? [<wbr key={i} />, p] : p))}</>;
}

export function VerdictBar({ mix, width = 160 }: { mix: Record<string, number>; width?: number }) {
  const total = Object.values(mix).reduce((s, n) => s + n, 0);
  const order = Object.keys(mix).sort((a, b) => VERDICTS.indexOf(a) - VERDICTS.indexOf(b));
  const title = order.map((s) => `${abbr(s)} ${mix[s]}`).join('  ');
  return (
    <span class="vbar" style={{ width: `${width}px` }} title={title} data-testid="verdict-bar">
      {total ? order.map((s) => <span key={s} style={{ width: `${(mix[s] / total) * 100}%`, background: COLOR[s] ?? '#999' }} />) : null}
    </span>
  );
}

export function VerdictLegend({ mix }: { mix: Record<string, number> }) {
  const order = Object.keys(mix).sort((a, b) => VERDICTS.indexOf(a) - VERDICTS.indexOf(b));
  return (
    <span class="legend">
      {order.map((s) => <span key={s} class="chip" title={s}><i style={{ background: COLOR[s] ?? '#999' }} />{abbr(s)} {mix[s]}</span>)}
    </span>
  );
}

export function Badge({ status }: { status: string | null }) {
  return <span class="badge" style={{ background: COLOR[status ?? ''] ?? '#999' }} title={status ?? ''}>{abbr(status)}</span>;
}

/** Fetch on dependency change; `poll` ms re-fetches while the component is mounted (live runs). */
export function useFetch<T>(fn: () => Promise<T>, deps: unknown[], poll?: (v: T | null) => number | null) {
  const [state, set] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => fn().then((data) => {
      if (!alive) return;
      set({ data, error: null, loading: false });
      const ms = poll?.(data);
      if (ms) timer = setTimeout(load, ms);
    }, (e: Error) => alive && set({ data: null, error: e.message, loading: false }));
    set((s) => ({ ...s, loading: true }));
    load();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, deps);
  return state;
}

export function Loading({ error }: { error?: string | null }) {
  return error ? <p class="error" role="alert">{error}</p> : <p class="muted">loading…</p>;
}

export function passColor(rate: number): string {
  // red (0) → amber → green (1)
  const h = Math.round(rate * 130);
  return `hsl(${h} 65% 45%)`;
}
