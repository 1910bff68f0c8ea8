// uPlot wrappers: grouped bars (pass@k for every k per benchmark × language) and a scatter (head-to-head).
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

function useUPlot(make: (el: HTMLDivElement, width: number) => uPlot, deps: unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current!;
    const u = make(el, Math.max(320, el.clientWidth || 640));
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(320, el.clientWidth), height: u.height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
    };
  }, deps);
  return ref;
}

/** Series colours (Tableau 10's first four): one per k. */
export const SERIES = ['#4c78a8', '#f58518', '#54a24b', '#b279a2'];

/** Grouped bars: one group per label, one bar per series side by side (uPlot's `disp` places each
 * series' bars at its own offset within the group). The legend and the hovered values are DOM, not
 * uPlot's legend, whose x entry ("Value: --") means nothing on a category axis. */
export function BarChart({ labels, series, testid }: { labels: string[]; series: { label: string; values: (number | null)[]; color: string }[]; testid?: string }) {
  const [hover, setHover] = useState<number | null>(null);
  const ref = useUPlot((el, width) => {
    const group = 0.8;
    const bar = group / series.length;
    const axis = { stroke: css('--fg'), grid: { stroke: css('--grid') }, ticks: { stroke: css('--grid') } };
    return new uPlot({
      width, height: 240,
      scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: [0, 100] } },
      axes: [{ ...axis, values: (_u, vals) => vals.map((v) => (Number.isInteger(v) ? labels[v] ?? '' : '')), splits: () => labels.map((_, i) => i) },
        { ...axis, values: (_u, vals) => vals.map((v) => `${v}%`) }],
      series: [{}, ...series.map((s, j) => ({
        label: s.label, fill: s.color, stroke: s.color, points: { show: false },
        paths: uPlot.paths.bars!({ disp: {
          x0: { unit: 1, values: () => labels.map((_, i) => i - group / 2 + j * bar) },
          size: { unit: 1, values: () => labels.map(() => bar * 0.9) },
        } }),
      }))],
      legend: { show: false },
      cursor: { y: false, points: { show: false } },
      hooks: { setCursor: [(u) => setHover(u.cursor.idx ?? null)] },
    }, [labels.map((_, i) => i), ...series.map((s) => s.values.map((v) => (v === null ? null : v * 100)))] as uPlot.AlignedData, el);
  }, [JSON.stringify(labels), JSON.stringify(series)]);
  return (
    <div class="chartbox" data-testid={testid} data-series={series.length}>
      <div class="chart" ref={ref} />
      <div class="chart-legend" data-testid={testid && `${testid}-legend`}>
        {series.map((s) => <span key={s.label} class="chip"><i style={{ background: s.color }} />{s.label}</span>)}
        <span class="muted small" data-testid={testid && `${testid}-hover`}>{hover === null ? 'hover a group for its values' : `${labels[hover]}: ${
          series.map((s) => `${s.label} ${s.values[hover] === null ? 'n/a' : `${((s.values[hover] as number) * 100).toFixed(1)}%`}`).join(' · ')}`}</span>
      </div>
    </div>
  );
}

/** Per-task pass rate of run A (x) against run B (y), with a little deterministic jitter so that
 * tasks with equal rates stay visible as a cloud. */
export function Scatter({ points, xLabel, yLabel }: { points: [number, number][]; xLabel: string; yLabel: string }) {
  const ref = useUPlot((el, width) => {
    const jit = (i: number, s: number) => { const x = Math.sin(i * 12.9898 + s * 78.233) * 43758.5453; return (x - Math.floor(x)) * 0.06 - 0.03; };
    const pts = points.map(([a, b], i) => [a + jit(i, 7), b + jit(i, 13)] as [number, number]).sort((p, q) => p[0] - q[0]);
    const axis = { stroke: css('--fg'), grid: { stroke: css('--grid') }, ticks: { stroke: css('--grid') } };
    return new uPlot({
      width, height: 320,
      scales: { x: { time: false, range: [-0.05, 1.05] }, y: { range: [-0.05, 1.05] } },
      axes: [{ ...axis, label: xLabel }, { ...axis, label: yLabel }],
      series: [{ label: xLabel }, { label: yLabel, stroke: css('--accent'), fill: css('--accent'), paths: () => null,
        points: { show: true, size: 6, fill: css('--accent') } }],
      legend: { show: false },
    }, [pts.map((p) => p[0]), pts.map((p) => p[1])], el);
  }, [JSON.stringify(points), xLabel, yLabel]);
  return <div class="chart" ref={ref} data-testid="scatter" />;
}
