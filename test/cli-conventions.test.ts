// One convention for every command: exit 0 ok, 1 a check failed, 2 usage or input error, 3
// environment; every error one "rlcf: " line (no stack, no raw ENOENT); help without clutter;
// --state-dir holds all of rlcf's state; benchmark data is found the same way by every command.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadBuiltinProblems } from '../src/benchmarks/builtin.js';
import { SHARED_DATA, TEST_STATE } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const DEMO = join(import.meta.dirname, '..', 'src', 'benchmarks', 'builtin', 'demo-samples.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-conv-'));
const db = join(dir, 'conv.db');
const rlcf = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [BIN, ...args],
  { encoding: 'utf8', cwd: dir, timeout: 300_000, env: { ...process.env, ...env } });

/** A usage error: exit 2, and stderr is "rlcf: <message>" (commander adds its "(add --help ...)" line). */
function usage(args: string[], message: RegExp): void {
  const r = rlcf(args);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(/^rlcf: /);
  expect(r.stderr.split('\n')[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/rlcf: rlcf|^error:|\n\s+at |ENOENT/m);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

describe('exit codes and error messages, per command', () => {
  it('serve: a store written by a newer rlcf is an error that ends the process (agents already started would keep it alive)', () => {
    const newer = join(dir, 'newer.db');
    spawnSync('python3', ['-c', `import sqlite3; d = sqlite3.connect(${JSON.stringify(newer)}); d.execute('pragma user_version = 99'); d.commit()`]);
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--db', newer, '--state-dir', TEST_STATE],
      { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    expect(r.signal, 'still running after 60 s').toBeNull();
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^rlcf: .*newer\.db was written by a newer rlcf \(schema 99 > \d+\); upgrade rlcf or use another --db$/m);
  });

  it('run', () => {
    writeFileSync(join(dir, 'ok.py'), 'print(1)\n');
    usage(['run'], /^rlcf: give a file to run/);
    usage(['run', 'ok.py', '--stdin-file', 'missing.txt'], /^rlcf: --stdin-file missing\.txt: no such file$/);
    usage(['run', '--batch', 'missing.jsonl'], /^rlcf: --batch missing\.jsonl: no such file$/);
    usage(['run', 'ok.py', '--memory-mb', '0'], /^rlcf: --memory-mb must be a positive integer/);
    usage(['run', 'ok.py', '--bogus'], /^rlcf: unknown option '--bogus'$/);
    writeFileSync(join(dir, 'bad.py'), 'raise SystemExit(3)\n');
    expect(rlcf(['run', 'bad.py', '--state-dir', TEST_STATE]).status).toBe(1); // the program's verdict is the check
  });
  it('doctor, selftest, demo, view, serve', () => {
    usage(['doctor', '--bogus'], /^rlcf: unknown option '--bogus'$/);
    usage(['selftest', '-n', 'abc'], /^rlcf: --executions must be a positive integer/);
    usage(['demo', '--slots', 'x'], /^rlcf: --slots must be a positive integer/);
    usage(['view', '--port', 'x'], /^rlcf: --port must be a positive integer/);
    usage(['serve', '--port', '99999'], /^rlcf: --port must be 0\.\.65535/);
    usage(['serve', '--bench', 'nope', '--port', '0'], /^rlcf: --bench nope: unknown benchmark "nope"/);
  });
  it('eval, runs, show, export', () => {
    usage(['eval', '--bench', 'nope', '--samples', DEMO, '--db', db], /^rlcf: --bench nope: unknown benchmark "nope"/);
    usage(['eval', '--bench', 'builtin', '--samples', 'missing.jsonl', '--db', db], /^rlcf: --samples missing\.jsonl: no such file$/);
    usage(['eval', '--bench', 'builtin', '--samples', DEMO, '-k', '0', '--db', db], /^rlcf: -k must be a positive integer/);
    usage(['eval', '--bench', 'builtin', '--samples', DEMO, '--timeout-ms', 'abc', '--db', db], /^rlcf: --timeout-ms must be/);
    usage(['runs', '--bogus'], /^rlcf: unknown option '--bogus'$/);
    usage(['show', 'nope', '--db', db], /^rlcf: no run "nope" in /);
    usage(['show', 'nope', '--db', db, '--failures', '--limit', 'x'], /^rlcf: --limit must be a positive integer/);
    usage(['export', 'nope', '--db', db], /^rlcf: no run "nope" in /);
    usage(['export', 'nope', '--format', 'xml', '--db', db], /^rlcf: --format must be jsonl, csv, json or html/);
  });
  it('sample, curate, decontam, synth', () => {
    usage(['sample', '--tasks', 'missing.jsonl', '--model', 'openai-compatible:http://127.0.0.1:9/v1#m'], /^rlcf: --tasks missing\.jsonl: no such file$/);
    usage(['sample', '--bench', 'nope', '--model', 'openai-compatible:http://127.0.0.1:9/v1#m'], /^rlcf: --bench nope: unknown benchmark/);
    usage(['curate', 'nope', '--db', db], /^rlcf: --out <dir> is required$/);
    usage(['curate', 'nope', '--out', join(dir, 'o'), '--db', db], /^rlcf: no run "nope" in /);
    usage(['decontam', 'missing.jsonl'], /^rlcf: decontam missing\.jsonl: no such file$/);
    writeFileSync(join(dir, 'rows.jsonl'), '{"text": "hello"}\n');
    usage(['decontam', 'rows.jsonl', '--against', 'nope'], /^rlcf: --against: unknown benchmark "nope"/);
    usage(['synth', '--seeds', 'missing.txt', '--out', dir], /^rlcf: --seeds missing\.txt: no such file$/);
    usage(['bogus'], /^rlcf: unknown command 'bogus'$/);
  });
  it('the top-level help documents the exit codes', () => {
    const r = rlcf(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Exit codes \(every command\):\n\s+0\s+success\n\s+1\s+the command ran and its check failed/);
    expect(r.stdout).toMatch(/\n\s+2\s+usage or input error/);
    expect(rlcf(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
  });
});

describe('help texts', () => {
  const commands = ['run', 'doctor', 'selftest', 'eval', 'runs', 'show', 'export', 'demo', 'serve', 'sample', 'curate', 'decontam', 'synth', 'view'];
  it('no "(default: [])" anywhere; serve has --slots and no --workers', () => {
    for (const c of commands) {
      const h = rlcf([c, '--help']);
      expect(h.status).toBe(0);
      expect(h.stdout, c).not.toMatch(/default: \[\]/);
    }
    const serve = rlcf(['serve', '--help']).stdout;
    expect(serve).toMatch(/--slots <n>/);
    expect(serve).not.toMatch(/--workers/);
  });
  it('export writes jsonl without --format', () => {
    const r = rlcf(['eval', '--bench', 'builtin', '--samples', DEMO, '--language', 'python', '--limit', '2', '--partial', '--db', db,
      '--state-dir', TEST_STATE, '--json', '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    const e = rlcf(['export', JSON.parse(r.stdout).run_id, '--db', db]);
    expect(e.status, e.stderr).toBe(0);
    const lines = e.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveProperty('task_id');
  });
});

describe('--state-dir holds all of rlcf\'s state', () => {
  it('eval and run write nothing into HOME: store, toolchain settings and caches go to the state directory', () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const state = join(dir, 'state');
    const env = { HOME: home, RLCF_HOME: '', XDG_CONFIG_HOME: '', XDG_CACHE_HOME: '' };
    const ev = rlcf(['eval', '--bench', 'builtin', '--samples', DEMO, '--language', 'python', '--limit', '1', '--partial', '--json',
      '--no-progress', '--state-dir', state], env);
    expect(ev.status, ev.stderr).toBe(0);
    writeFileSync(join(dir, 'hello.py'), 'print("hi")\n');
    const run = rlcf(['run', 'hello.py', '--state-dir', state], env);
    expect(run.stdout).toBe('hi\n');
    expect(readdirSync(home)).toEqual([]); // no .rlcf, .rustup, .config/go
    expect(existsSync(join(state, 'rlcf.db'))).toBe(true);
    expect(existsSync(join(state, 'toolchain-home'))).toBe(true);
    const runs = rlcf(['runs', '--json', '--state-dir', state], env);
    expect(JSON.parse(runs.stdout)).toHaveLength(1); // the store under the state directory
  });
});

describe.skipIf(!existsSync(join(SHARED_DATA, 'HumanEval.jsonl.gz')))('benchmark data is found the same way everywhere', () => {
  it('eval --bench humaneval (no path) reads the local copy decontam finds, offline, and says where from', () => {
    const samples = join(dir, 'he2.jsonl');
    writeFileSync(samples, ['HumanEval/0', 'HumanEval/1'].map((id) => JSON.stringify({ task_id: id, completion: '    return None\n' })).join('\n'));
    const env = { RLCF_DATA_DIR: '' }; // nothing configured; this machine has no network to the hub
    const r = rlcf(['eval', '--bench', 'humaneval', '--samples', samples, '--limit', '2', '--db', db, '--state-dir', TEST_STATE,
      '--json', '--no-progress'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^rlcf: humaneval from .*shared\/data\/HumanEval\.jsonl\.gz: 164 tasks$/m);
    // decontam finds the same copy: a planted HumanEval prompt is flagged
    const he0 = JSON.parse(gunzipSync(readFileSync(join(SHARED_DATA, 'HumanEval.jsonl.gz'))).toString('utf8').split('\n')[0]);
    writeFileSync(join(dir, 'plant.jsonl'), `${JSON.stringify({ text: he0.prompt })}\n`);
    const d = rlcf(['decontam', 'plant.jsonl', '--against', 'humaneval', '--json', '--no-progress'], env);
    expect(d.status, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout).flagged_rows[0].overlaps[0]).toMatchObject({ benchmark: 'humaneval', id: 'HumanEval/0' });
  });
});

describe('curate and decontam on benchmark data', () => {
  it('curating a benchmark\'s own run keeps nothing: a hint, exit 1; --allow-empty exits 0; --no-decontam keeps rows', () => {
    const r = rlcf(['eval', '--bench', 'builtin', '--samples', DEMO, '--language', 'python', '--partial', '--db', db,
      '--state-dir', TEST_STATE, '--json', '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    const id = JSON.parse(r.stdout).run_id;
    const c = rlcf(['curate', id, '--out', join(dir, 'cur1'), '--db', db, '--no-progress']);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/rlcf: every task's prompt overlaps a benchmark \(builtin 30\): this run is benchmark data\. .*pass --no-decontam/);
    expect(c.stderr).toMatch(/rlcf: nothing was kept from run /);
    expect(rlcf(['curate', id, '--out', join(dir, 'cur2'), '--db', db, '--no-progress', '--allow-empty']).status).toBe(0);
    const kept = rlcf(['curate', id, '--out', join(dir, 'cur3'), '--db', db, '--no-progress', '--no-decontam', '--json']);
    expect(kept.status, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).sft.kept).toBeGreaterThan(0);
  });

  it('decontam --fail-on-match exits 1 when a row overlaps a benchmark, 0 when none does', () => {
    const p = loadBuiltinProblems()[0];
    writeFileSync(join(dir, 'leak.jsonl'), `${JSON.stringify({ prompt: p.statement })}\n${JSON.stringify({ prompt: 'write hello world' })}\n`);
    writeFileSync(join(dir, 'clean.jsonl'), `${JSON.stringify({ prompt: 'write hello world' })}\n`);
    const leak = rlcf(['decontam', 'leak.jsonl', '--against', 'builtin', '--fail-on-match', '--no-progress']);
    expect(leak.status).toBe(1);
    expect(leak.stderr).toMatch(/rlcf: 1 of 2 rows of leak\.jsonl overlap a benchmark \(--fail-on-match\)/);
    expect(rlcf(['decontam', 'clean.jsonl', '--against', 'builtin', '--fail-on-match', '--no-progress']).status).toBe(0);
    expect(rlcf(['decontam', 'leak.jsonl', '--against', 'builtin', '--no-progress']).status).toBe(0); // reporting only
  });
});
