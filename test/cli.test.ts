import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_STATE, runChild } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-cli-'));
const rlcf = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, ...(['run', 'selftest'].includes(args[0]) ? ['--state-dir', TEST_STATE] : [])],
  { encoding: 'utf8', cwd: dir, timeout: 120_000 });

describe('rlcf run', () => {
  it('--json prints one object with the verdict fields', () => {
    writeFileSync(join(dir, 'a.py'), 'print(input()[::-1])\n');
    writeFileSync(join(dir, 'in.txt'), 'abc\n');
    const r = rlcf('run', 'a.py', '--stdin-file', 'in.txt', '--json');
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ status: 'ok', exit_code: 0, signal: null, stdout: 'cba\n', truncated: false });
    for (const k of ['stderr', 'cpu_ms', 'wall_ms', 'memory_kb', 'controls_missing']) expect(v).toHaveProperty(k);
  });
  it('human output: program output, then a status line; exit 1 when not ok', () => {
    writeFileSync(join(dir, 'b.c'), 'int main(){ while(1); }');
    const r = rlcf('run', 'b.c', '--timeout-ms', '300');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/status=time_limit .*limit=cpu/);
  });
  it('clear errors for a missing file, an unknown language and a bad limit', () => {
    expect(rlcf('run', 'nope.py').stderr).toBe('rlcf: cannot read nope.py: no such file\n');
    writeFileSync(join(dir, 'x.unknown'), '');
    expect(rlcf('run', 'x.unknown').stderr).toMatch(/cannot tell the language of x\.unknown: pass --lang/);
    expect(rlcf('run', 'x.unknown', '--lang', 'cobol').stderr).toMatch(/unknown language "cobol"/);
    expect(rlcf('run', 'a.py', '--timeout-ms', 'abc').stderr).toBe('rlcf: --timeout-ms must be a positive integer, got "abc"\n');
  });
  it('--batch runs every line, keeps ids, and reports bad lines without losing them', () => {
    const lines = [
      JSON.stringify({ id: 'p1', language: 'python', source: 'print(2+2)' }),
      JSON.stringify({ id: 'c1', language: 'c', source: '#include <stdio.h>\nint main(){int a;scanf("%d",&a);printf("%d\\n",a*2);}', stdin: '21' }),
      '{not json',
      JSON.stringify({ id: 'bad', language: 'klingon', source: 'x' }),
      JSON.stringify({ id: 'm1', language: 'python', source: 'x=bytearray(1<<30)', memory_mb: 64 }),
    ];
    writeFileSync(join(dir, 'in.jsonl'), lines.join('\n') + '\n');
    const r = rlcf('run', '--batch', 'in.jsonl', '--out', 'out.jsonl');
    expect(r.status).toBe(2); // some input lines were invalid
    const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const byId = Object.fromEntries(out.map((o) => [o.id, o]));
    expect(out).toHaveLength(5);
    expect(byId.p1).toMatchObject({ status: 'ok', stdout: '4\n' });
    expect(byId.c1).toMatchObject({ status: 'ok', stdout: '42\n' });
    expect(byId.m1.status).toBe('memory_limit');
    expect(byId['3'].status).toBe('invalid_input');
    expect(byId.bad.message).toMatch(/unknown language "klingon"/);
    expect(r.stderr).toMatch(/line 3: .*JSON/);
  });
});

describe('rlcf doctor', () => {
  it('--json reports the sandbox and every toolchain', () => {
    const r = rlcf('doctor', '--json');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.sandbox.started).toBe(true);
    expect(d.sandbox.uid).toBe(65534);
    expect(d.sandbox.seccomp).toBe('ok');
    expect(Object.keys(d.toolchains).sort()).toEqual(['c', 'cpp', 'go', 'java', 'javascript', 'python', 'rust', 'typescript']);
  });
});

describe('rlcf selftest', () => {
  it('prints the verdict matrix and passes', () => {
    const r = rlcf('selftest', '-n', '200');
    expect(r.stdout).toMatch(/PASS python/);
    expect(r.stdout).toMatch(/PASS kill the parent agent/);
    expect(r.stdout).toMatch(/exec\/s/);
    expect(r.stdout).toMatch(/selftest passed/);
    expect(r.status).toBe(0);
  });
});

describe('rlcf demo', () => {
  it('evaluates the bundled samples on the built-in suite and prints pass@k, verdicts and throughput', async () => {
    const db = join(dir, 'demo.db');
    const r = await runChild([BIN, 'demo', '--db', db, '--state-dir', TEST_STATE, '--json'], { cwd: dir, timeoutMs: 300_000 });
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.samples).toBe(240);
    expect(Object.keys(s.groups)).toHaveLength(8);
    // the bundled file is ~15% deliberately wrong: every kind of verdict shows up
    expect(s.pass_at_k['1']).toBeGreaterThan(0.75);
    expect(s.pass_at_k['1']).toBeLessThan(0.95);
    for (const k of ['ok', 'wrong_answer', 'compile_error', 'runtime_error', 'time_limit', 'memory_limit']) {
      expect(s.verdicts[k], k).toBeGreaterThan(0);
    }
    const human = spawnSync(process.execPath, [BIN, 'show', s.run_id, '--db', db], { encoding: 'utf8' });
    expect(human.stdout).toMatch(/builtin python/);
    expect(human.stdout).toMatch(/pass@1/);
  }, 300_000);
});
