// SWE-bench formats: instance rows from JSONL / JSON / Parquet with F2P/P2P as JSON strings or
// lists, predictions as JSONL or a JSON object keyed by instance id, clear errors naming the row;
// the schema_version 2 summary's counting; `rlcf swe eval` input errors exit 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFiles } from '../src/repo/evaluate.js';
import { loadInstances, loadPredictions, makeRunSummary } from '../src/repo/formats.js';
import { classifyText } from '../src/repo/grading.js';

const tmp = mkdtempSync(join(tmpdir(), 'rlcf-swe-formats-'));
const row = { instance_id: 'o__r-1', repo: 'o/r', base_commit: 'abc', patch: 'p', test_patch: 't', problem_statement: 'ps',
  hints_text: '', version: '1.0', environment_setup_commit: 'abc' };

describe('SWE-bench instance and prediction files', () => {
  it('JSONL with JSON-encoded lists, JSON with lists, Parquet', async () => {
    writeFileSync(join(tmp, 'a.jsonl'), JSON.stringify({ ...row, FAIL_TO_PASS: '["a::x"]', PASS_TO_PASS: '["b::y", "c"]' }) + '\n');
    writeFileSync(join(tmp, 'a.json'), JSON.stringify([{ ...row, FAIL_TO_PASS: ['a::x'], PASS_TO_PASS: ['b::y', 'c'] }]));
    const { parquetWriteFile } = await import('hyparquet-writer');
    const cols = { ...row, FAIL_TO_PASS: '["a::x"]', PASS_TO_PASS: '["b::y", "c"]' };
    parquetWriteFile({ filename: join(tmp, 'a.parquet'),
      columnData: Object.entries(cols).map(([name, v]) => ({ name, data: [v], type: 'STRING' as const })) });
    for (const f of ['a.jsonl', 'a.json', 'a.parquet']) {
      const [i] = await loadInstances(join(tmp, f));
      expect(i, f).toMatchObject({ instance_id: 'o__r-1', repo: 'o/r', FAIL_TO_PASS: ['a::x'], PASS_TO_PASS: ['b::y', 'c'], version: '1.0' });
    }
  });
  it('bad rows: errors name the file, the row and the field', async () => {
    writeFileSync(join(tmp, 'b.jsonl'), `${JSON.stringify({ ...row, FAIL_TO_PASS: '[1' })}\n`);
    await expect(loadInstances(join(tmp, 'b.jsonl'))).rejects.toThrow(/b\.jsonl:1: field "FAIL_TO_PASS" must be a list of test ids/);
    writeFileSync(join(tmp, 'c.jsonl'), `${JSON.stringify({ ...row, instance_id: '../x' })}\n`);
    await expect(loadInstances(join(tmp, 'c.jsonl'))).rejects.toThrow(/instance_id "..\/x" may only hold/);
    writeFileSync(join(tmp, 'd.jsonl'), `${JSON.stringify(row)}\n${JSON.stringify(row)}\n`);
    await expect(loadInstances(join(tmp, 'd.jsonl'))).rejects.toThrow(/d\.jsonl:2: duplicate instance_id o__r-1/);
  });
  it('predictions: JSONL, a JSON object keyed by id; null patches kept as null', async () => {
    writeFileSync(join(tmp, 'p.jsonl'), `${JSON.stringify({ instance_id: 'x', model_name_or_path: 'm/n', model_patch: null })}\n`);
    writeFileSync(join(tmp, 'p.json'), JSON.stringify({ x: { instance_id: 'x', model_name_or_path: 'm/n', model_patch: 'd' } }));
    expect(await loadPredictions(join(tmp, 'p.jsonl'))).toEqual([{ instance_id: 'x', model_name_or_path: 'm/n', model_patch: null }]);
    expect(await loadPredictions(join(tmp, 'p.json'))).toEqual([{ instance_id: 'x', model_name_or_path: 'm/n', model_patch: 'd' }]);
  });
  it('the run summary counts as make_run_report does', () => {
    const preds = new Map([['a', 'x'], ['b', ''], ['c', 'x'], ['d', 'x']].map(([id, p]) => [id, { instance_id: id, model_name_or_path: 'm', model_patch: p }]));
    const s = makeRunSummary([{ instance_id: 'a' }, { instance_id: 'b' }, { instance_id: 'c' }, { instance_id: 'd' }, { instance_id: 'e' }], preds,
      (id) => ({ report: id === 'a' ? { resolved: true } : id === 'c' ? { resolved: false } : undefined, logs: id === 'd' ? 'ModuleNotFoundError: x' : '' }),
      classifyText);
    expect(s).toMatchObject({ total_instances: 5, submitted_instances: 4, completed_instances: 2, resolved_ids: ['a'], unresolved_ids: ['c'],
      empty_patch_ids: ['b'], error_ids: ['d'], incomplete_ids: ['e'], ambiguous_failure_ids: ['d'], failure_reasons: { d: 'missing_module' },
      schema_version: 2 });
  });
  it('diffFiles: modified and created files; paths escaping the repository are dropped', () => {
    const d = diffFiles('--- a/x.py\n+++ b/x.py\n@@\n--- /dev/null\n+++ b/t/new.py\n@@\n--- a/../../etc/p\n+++ b/../../etc/p\n');
    expect(d).toEqual({ modified: ['x.py'], created: ['t/new.py'] });
  });
});

describe('rlcf swe eval input errors', () => {
  const cli = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
  it('a missing instances file or a bad run id exits 2 with a clear message', () => {
    const r = spawnSync(process.execPath, [cli, 'swe', 'eval', '--instances', join(tmp, 'nope.jsonl'), '--predictions', join(tmp, 'p.jsonl'), '--run-id', 'r'],
      { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--instances .*nope\.jsonl: no such file/);
    const r2 = spawnSync(process.execPath, [cli, 'swe', 'eval', '--instances', join(tmp, 'a.jsonl'), '--predictions', join(tmp, 'p.jsonl'), '--run-id', '../x'],
      { encoding: 'utf8' });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--run-id may only hold/);
    const r3 = spawnSync(process.execPath, [cli, 'repo', 'import', 'svn:foo'], { encoding: 'utf8' });
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/unknown source "svn:foo": expected path:<dir>/);
  });
});
