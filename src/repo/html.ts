// A self-contained HTML page of a `swe eval` run, written beside its summary
// (<report-dir>/<model>.<run_id>.html): the resolved rate with its 95% bootstrap interval, and per
// instance the problem statement, the model patch as a diff, the FAIL_TO_PASS / PASS_TO_PASS tables
// with each test's status, and an excerpt of the test log. Everything is escaped: patches and logs
// come from the model and the code under test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapMeanCI } from '../pipeline/metrics.js';
import type { RunSummary, SweInstance } from './formats.js';
import type { InstanceReport } from './grading.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function diffHtml(patch: string): string {
  return patch.split('\n').map((l) => {
    const cls = l.startsWith('+++') || l.startsWith('---') ? 'h' : l.startsWith('+') ? 'a' : l.startsWith('-') ? 'd' : l.startsWith('@@') ? 'h' : '';
    return cls ? `<span class="${cls}">${esc(l)}</span>` : esc(l);
  }).join('\n');
}

function testsTable(kind: string, ids: string[], rep: InstanceReport | undefined, statuses: Record<string, string>): string {
  if (!ids.length) return '';
  const ok = new Set(rep?.tests_status?.[kind as 'FAIL_TO_PASS'].success ?? []);
  const rows = ids.map((t) => `<tr class="${ok.has(t) ? 'ok' : 'bad'}"><td>${esc(t)}</td><td>${esc(statuses[t] ?? (rep ? 'missing' : 'not run'))}</td><td>${ok.has(t) ? 'success' : 'failure'}</td></tr>`);
  return `<h4>${kind} (${ok.size}/${ids.length})</h4><table><tr><th>test</th><th>status</th><th>outcome</th></tr>${rows.join('')}</table>`;
}

/** Status per test from a test_output.txt: the lines between the markers, `STATUS id` (pytest) or
 * `--- STATUS: id (...)` (go) */
function statusesOf(log: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of log.split('\n')) {
    const py = /^(PASSED|FAILED|ERROR|XFAIL|XPASS|SKIPPED) (\S+)/.exec(l);
    if (py) out[py[2]] = py[1];
    const go = /^--- (PASS|FAIL|SKIP): (\S+) /.exec(l);
    if (go) out[go[2]] = go[1] === 'PASS' ? 'PASSED' : go[1] === 'FAIL' ? 'FAILED' : 'SKIPPED';
  }
  return out;
}

export function runHtml(runId: string, model: string, summary: RunSummary, instances: SweInstance[], instanceDir: (id: string) => string,
  patches: Map<string, string | null>): string {
  const vals = instances.map((i) => (summary.resolved_ids.includes(i.instance_id) ? 1 : 0));
  const rate = vals.length ? vals.reduce<number>((a, b) => a + b, 0) / vals.length : 0;
  const [lo, hi] = vals.length ? bootstrapMeanCI(vals) : [0, 0];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const sections = instances.map((inst) => {
    const dir = instanceDir(inst.instance_id);
    const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
    let rep: InstanceReport | undefined;
    try {
      rep = (JSON.parse(read('report.json') || 'null') as Record<string, InstanceReport> | null)?.[inst.instance_id];
    } catch { /* invalid report: shown as none */ }
    const log = read('test_output.txt') || read('run_instance.log');
    const state = summary.resolved_ids.includes(inst.instance_id) ? 'resolved' : summary.unresolved_ids.includes(inst.instance_id) ? 'unresolved'
      : summary.empty_patch_ids.includes(inst.instance_id) ? 'empty patch' : summary.error_ids.includes(inst.instance_id) ? 'error' : 'not submitted';
    const st = statusesOf(log);
    return `<section id="${esc(inst.instance_id)}"><h3>${esc(inst.instance_id)} <span class="tag ${state.replace(' ', '-')}">${state}</span></h3>
<p class="meta">${esc(inst.repo)} @ ${esc(inst.base_commit.slice(0, 12))}${rep ? ` · patch applied: ${rep.patch_successfully_applied}` : ''}</p>
<details><summary>problem statement</summary><pre>${esc(inst.problem_statement)}</pre></details>
<details open><summary>model patch</summary><pre class="diff">${diffHtml(patches.get(inst.instance_id) ?? '')}</pre></details>
${testsTable('FAIL_TO_PASS', inst.FAIL_TO_PASS, rep, st)}
<details><summary>PASS_TO_PASS</summary>${testsTable('PASS_TO_PASS', inst.PASS_TO_PASS, rep, st)}</details>
<details><summary>log excerpt</summary><pre>${esc(log.slice(-6000))}</pre></details></section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(model)} · ${esc(runId)}</title><style>
body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}pre{background:#f6f8fa;padding:.6em;overflow:auto;font-size:12px}
.diff .a{color:#1a7f37}.diff .d{color:#cf222e}.diff .h{color:#6e7781}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
tr.ok td:last-child{color:#1a7f37}tr.bad td:last-child{color:#cf222e}.tag{font-size:12px;padding:1px 6px;border-radius:8px;background:#eee}
.tag.resolved{background:#dafbe1}.tag.unresolved,.tag.error{background:#ffebe9}section{border-top:1px solid #ddd;margin-top:1.5em}.meta{color:#666}
</style></head><body><h1>${esc(model)} · run ${esc(runId)}</h1>
<p><b>resolved ${summary.resolved_instances}/${summary.total_instances} = ${pct(rate)}</b> (95% bootstrap CI ${pct(lo)}–${pct(hi)}) · unresolved ${summary.unresolved_instances} · errors ${summary.error_instances} · empty patches ${summary.empty_patch_instances} · not submitted ${summary.incomplete_ids.length}</p>
<ul>${instances.map((i) => `<li><a href="#${esc(i.instance_id)}">${esc(i.instance_id)}</a></li>`).join('')}</ul>
${sections.join('\n')}</body></html>
`;
}
