// Plain-text tables for terminal output (no colours: logs and pipes stay readable).
/** `align`: 'l' or 'r' per column (default: the first column left, the others right, for figures). */
export function table(head: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => (align ? align[i] !== 'r' : i === 0);
  const line = (r: string[]) => r.map((c, i) => (left(i) ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

export function ci(x: [number, number] | null | undefined): string {
  return x ? `[${(x[0] * 100).toFixed(1)}, ${(x[1] * 100).toFixed(1)}]` : '';
}

const SHORT: Record<string, string> = {
  ok: 'OK', wrong_answer: 'WA', compile_error: 'CE', runtime_error: 'RE', time_limit: 'TLE', memory_limit: 'MLE',
  output_limit: 'OLE', sandbox_error: 'ERR', generation_error: 'GEN',
};

export function verdictMix(v: Record<string, number>): string {
  return Object.entries(v).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${SHORT[k] ?? k}:${n}`).join(' ');
}
