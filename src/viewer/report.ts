// `rlcf export <run> --format html`: one self-contained HTML file (inline CSS, JS and data, no
// remote assets): pass@k per benchmark × language with CI, verdict mix, per-task grid and every
// failing sample (tasks in natural order) with its code, result and failing tests, inputs included.
// Samples are streamed from the store.
import type { Writable } from 'node:stream';
import type { TestInputShown } from '../benchmarks/types.js';
import type { RunRow, Store } from '../store/store.js';
import { sortNatural } from './natural.js';
import { runDetail } from './queries.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const ci = (c: [number, number] | null | undefined) => (c ? `[${(c[0] * 100).toFixed(1)}, ${(c[1] * 100).toFixed(1)}]` : '');
const COLOR: Record<string, string> = { ok: '#2e9e5b', wrong_answer: '#d9534f', compile_error: '#8e44ad', runtime_error: '#e67e22',
  time_limit: '#2f80ed', memory_limit: '#16a2b8', output_limit: '#b8860b', sandbox_error: '#7f8c8d', generation_error: '#555' };
const ABBR: Record<string, string> = { ok: 'OK', wrong_answer: 'WA', compile_error: 'CE', runtime_error: 'RE', time_limit: 'TLE',
  memory_limit: 'MLE', output_limit: 'OLE', sandbox_error: 'SE', generation_error: 'GE' };

function bar(mix: Record<string, number>, width: number): string {
  const total = Object.values(mix).reduce((s, n) => s + n, 0) || 1;
  return `<span class="vbar" style="width:${width}px" title="${esc(Object.entries(mix).map(([k, n]) => `${ABBR[k] ?? k} ${n}`).join(' '))}">${
    Object.entries(mix).map(([k, n]) => `<span style="width:${(n / total) * 100}%;background:${COLOR[k] ?? '#999'}"></span>`).join('')}</span>`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px 20px;color:#1d2330;background:#fff}
@media (prefers-color-scheme:dark){body{background:#12151b;color:#dde2ea}pre{background:#1a1f27!important}th{background:#1a1f27!important}}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #8883;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f7f9}.num{text-align:right}.muted{color:#6b7280}.vbar{display:inline-flex;height:12px;border-radius:3px;overflow:hidden;background:#8882}
.vbar span{display:block;height:100%}.grid{display:flex;flex-wrap:wrap;gap:2px}.grid i{width:11px;height:11px;border-radius:2px;display:block}
pre{background:#f6f7f9;padding:8px;overflow:auto;max-height:320px;font-size:12px}.b{color:#fff;font-size:11px;font-weight:700;padding:1px 6px;border-radius:4px}
details{border-top:1px solid #8883;padding:4px 0}input{font:inherit;padding:4px 8px;min-width:280px}`;

const JS = `document.getElementById('q').addEventListener('input',function(e){var q=e.target.value.toLowerCase();
document.querySelectorAll('details.s').forEach(function(d){d.style.display=d.textContent.toLowerCase().indexOf(q)>=0?'':'none'})})`;

interface ReportTest { index: number; passed: boolean; status: string; message?: string; expected?: string; actual?: string;
  stderr?: string; input?: TestInputShown }

const cut = (s: string) => esc(s.slice(0, 2000));

/** A failing test: its input when the verdict carries one (stdin, argv), expected and actual output, stderr. */
function testHtml(t: ReportTest): string {
  // argv as it would be typed: plain words bare, others quoted
  const input = [t.input?.args?.length ? `args: ${t.input.args.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}` : '',
    t.input?.stdin !== undefined ? `stdin:\n${t.input.stdin}` : '', t.input?.call !== undefined ? `call: ${t.input.call}` : '']
    .filter(Boolean).join('\n');
  return `<p>test ${t.index}: <b>${esc(t.status)}</b> ${esc(t.message)}</p>${input ? `<pre>${cut(input)}</pre>` : ''}${
    t.expected !== undefined ? `<pre>expected:\n${cut(t.expected)}\nactual:\n${cut(t.actual ?? '')}</pre>` : ''}${
    t.stderr ? `<pre>${cut(t.stderr)}</pre>` : ''}`;
}

export async function writeHtmlReport(store: Store, run: RunRow, out: Writable, maxFailures = 2000): Promise<void> {
  const w = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const d = runDetail(store, run);
  await w(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rlcf run ${esc(run.id)}</title><style>${CSS}</style></head><body>`);
  await w(`<h1>rlcf run <code>${esc(run.id)}</code> <small class="muted">${esc(run.status)}</small></h1>
<p class="muted">${esc(run.model)} · ${esc(run.benchmarks.join(', '))} · created ${esc(run.created_at.slice(0, 19).replace('T', ' '))} ·
${d.totals.judged} samples, ${d.totals.passed} passed · ${d.k.map((k) => `pass@${k} <b>${pct(d.pass_at_k[String(k)])}</b> ${ci(d.ci95[String(k)])}`).join(' · ')}
${d.time ? ` · ${d.time.total_s}s` : ''} · tokens ${d.totals.prompt_tokens}+${d.totals.completion_tokens}</p>`);
  await w(`<h2>pass@k by benchmark × language</h2><table><tr><th>benchmark language</th><th class="num">tasks</th><th class="num">samples</th>${
    d.k.map((k) => `<th>pass@${k} [95% CI]</th>`).join('')}<th></th><th>verdicts</th></tr>${Object.entries(d.groups).map(([g, c]) =>
    `<tr><td>${esc(g)}</td><td class="num">${c.tasks}</td><td class="num">${c.samples}</td>${d.k.map((k) =>
      `<td><b>${pct(c.pass_at_k[String(k)])}</b> <span class="muted">${ci(c.ci95[String(k)])}</span></td>`).join('')}
      <td><span class="vbar" style="width:120px"><span style="width:${(c.pass_at_k[String(d.k[0])] ?? 0) * 100}%;background:#4c78a8"></span></span></td>
      <td>${bar(c.verdicts, 140)}</td></tr>`).join('')}</table>`);
  await w(`<h2>Verdicts</h2><p>${bar(d.verdicts, 480)} ${Object.entries(d.verdicts).map(([k, n]) =>
    `<span class="b" style="background:${COLOR[k] ?? '#999'}">${ABBR[k] ?? esc(k)} ${n}</span>`).join(' ')}</p>`);
  await w(`<h2>Tasks <small class="muted">coloured by pass rate</small></h2><div class="grid">${d.grid.map((t) =>
    `<i style="background:hsl(${Math.round((t.c / t.n) * 130)} 65% 45%)" title="${esc(`${t.task_id} ${t.language}: ${t.c}/${t.n}`)}"></i>`).join('')}</div>`);
  await w(`<h2>Failing samples</h2><p><input id="q" placeholder="filter failing samples (task, language, verdict, code)"></p>`);
  // tasks in natural order (HumanEval/2 before HumanEval/10): the keys of failing tasks (one row per
  // task) are sorted here, then each task's failing samples are streamed from the store
  const keys = sortNatural(store.db.prepare('SELECT DISTINCT task_key FROM samples WHERE run_id = ? AND passed = 0').pluck().all(run.id) as string[],
    (k) => k);
  const rows = store.db.prepare(`SELECT s.task_key, s.idx, s.status, s.result, s.code, s.passed_tests, s.total_tests, s.verdict_key,
      t.task_id, t.language FROM samples s JOIN tasks t ON t.run_id = s.run_id AND t.task_key = s.task_key
    WHERE s.run_id = ? AND s.task_key = ? AND s.passed = 0 ORDER BY s.idx`);
  const verdict = store.db.prepare('SELECT judgement FROM verdicts WHERE verdict_key = ?');
  let count = 0;
  tasks: for (const key of keys) {
    for (const r of rows.iterate(run.id, key) as Iterable<Record<string, string | number | null>>) {
      if (count === maxFailures) break tasks;
      count++;
      const j = r.verdict_key ? verdict.get(r.verdict_key) as { judgement: string } | undefined : undefined;
      const tests = j ? (JSON.parse(j.judgement).tests as ReportTest[]).filter((t) => !t.passed).slice(0, 3) : [];
      await w(`<details class="s"><summary><span class="b" style="background:${COLOR[r.status as string] ?? '#999'}">${ABBR[r.status as string] ?? esc(r.status)}</span>
      <b>${esc(r.task_id)}</b> ${esc(r.language)} #${r.idx} · ${r.passed_tests}/${r.total_tests} · <span class="muted">${esc(String(r.result ?? '').slice(0, 160))}</span></summary>
      <pre>${esc(r.code)}</pre>${tests.map(testHtml).join('')}</details>`);
    }
  }
  if (!count) await w('<p class="muted">No failing samples.</p>');
  if (count === maxFailures) await w(`<p class="muted">First ${maxFailures} failing samples shown.</p>`);
  await w(`<p class="muted">Generated by rlcf export --format html on ${new Date().toISOString().slice(0, 19).replace('T', ' ')}.</p><script>${JS}</script></body></html>\n`);
}
