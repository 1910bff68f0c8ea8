import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../src/sandbox/agent-client.js';
import { CompileCache, compileKey } from '../src/sandbox/compile-cache.js';
import { resolveLanguage } from '../src/sandbox/languages/index.js';
import { javaMainClass } from '../src/sandbox/languages/java.js';
import { DEFAULT_LIMITS, resolveLimits, wallFor } from '../src/sandbox/limits.js';
import { classify } from '../src/sandbox/verdict.js';

const res = (o: Partial<AgentResult>): AgentResult => ({
  id: 1, exit_code: 0, signal: null, stdout: '', stderr: '', stdout_truncated: false, stderr_truncated: false,
  output_limit: false, wall_timeout: false, cpu_ms: 10, wall_ms: 12, memory_kb: 1000, runq_ms: 0, memory_error: false, ...o,
});
const limits = resolveLimits(DEFAULT_LIMITS, { timeout_ms: 1000 });
const cls = (o: Partial<AgentResult>, extra: { oomKilled?: boolean; memoryErrors?: RegExp[] } = {}) =>
  classify({ res: res(o), limits, oomKilled: extra.oomKilled ?? false, memoryErrors: extra.memoryErrors ?? [],
    controls_missing: [], sandbox: 'bwrap' });

describe('verdict classification', () => {
  it('ok, runtime error by exit code and by signal', () => {
    expect(cls({}).status).toBe('ok');
    expect(cls({ exit_code: 1 }).status).toBe('runtime_error');
    const v = cls({ exit_code: null, signal: 11 });
    expect(v.status).toBe('runtime_error');
    expect(v.signal).toBe('SIGSEGV');
  });
  it('output limit wins over everything and flags truncation', () => {
    const v = cls({ output_limit: true, stdout_truncated: true, exit_code: null, signal: 9 });
    expect(v.status).toBe('output_limit');
    expect(v.truncated).toBe(true);
  });
  it('CPU limit: by CPU time or SIGXCPU', () => {
    expect(cls({ cpu_ms: 1500 }).time_limit?.kind).toBe('cpu');
    expect(cls({ exit_code: null, signal: 24, cpu_ms: 990 }).status).toBe('time_limit');
  });
  it('wall limit: under_load only when the program waited for a CPU', () => {
    const sleeping = cls({ wall_timeout: true, cpu_ms: 5, wall_ms: 2000, runq_ms: 1, exit_code: null, signal: 9 });
    expect(sleeping.status).toBe('time_limit');
    expect(sleeping.time_limit).toMatchObject({ kind: 'wall', under_load: false });
    const starved = cls({ wall_timeout: true, cpu_ms: 300, wall_ms: 2000, runq_ms: 1500, exit_code: null, signal: 9 });
    expect(starved.time_limit).toMatchObject({ kind: 'wall', under_load: true });
  });
  it('memory limit: cgroup OOM kill, MemoryError, or a runtime OOM message on failure', () => {
    expect(cls({ exit_code: null, signal: 9 }, { oomKilled: true }).status).toBe('memory_limit');
    expect(cls({ exit_code: 1, memory_error: true }).status).toBe('memory_limit');
    expect(cls({ exit_code: 1, stderr: 'java.lang.OutOfMemoryError: Java heap space' }, { memoryErrors: [/OutOfMemoryError/] }).status)
      .toBe('memory_limit');
    // the same text on a successful run is just output
    expect(cls({ exit_code: 0, stderr: 'OutOfMemoryError' }, { memoryErrors: [/OutOfMemoryError/] }).status).toBe('ok');
  });
});

describe('limits', () => {
  it('derives the wall limit from the CPU limit', () => {
    expect(resolveLimits(DEFAULT_LIMITS, { timeout_ms: 1000 }).wall_ms).toBe(wallFor(1000));
    expect(resolveLimits(DEFAULT_LIMITS, { timeout_ms: 1000, wall_ms: 1500 }).wall_ms).toBe(1500);
  });
  it('rejects bad values with the name of the limit', () => {
    expect(() => resolveLimits(DEFAULT_LIMITS, { memory_mb: -1 })).toThrow(/memory_mb/);
    expect(() => resolveLimits(DEFAULT_LIMITS, { timeout_ms: Number.NaN })).toThrow(/timeout_ms/);
    expect(() => resolveLimits(DEFAULT_LIMITS, { memory_mb: 4 })).toThrow(/memory_mb must be >= 16/);
  });
});

describe('languages', () => {
  it('resolves names and aliases, and lists the accepted names on error', () => {
    expect(resolveLanguage('py')).toBe('python');
    expect(resolveLanguage('C++')).toBe('cpp');
    expect(resolveLanguage('nodejs')).toBe('javascript');
    expect(() => resolveLanguage('cobol')).toThrow(/unknown language "cobol": use one of python, javascript/);
  });
  it('finds the Java class to name the file after', () => {
    expect(javaMainClass('public class Foo { public static void main(String[] a) {} }')).toBe('Foo');
    expect(javaMainClass('import java.util.*;\nclass Problem {\n static int f() { return 1; }\n public static void main(String[] a) {}\n}')).toBe('Problem');
    expect(javaMainClass('class Helper { }\nclass Main { public static void main(String[] args) {} }')).toBe('Main');
  });
});

describe('compile cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rlcf-cache-test-'));
  it('keys by every part and stores regular files only', () => {
    expect(compileKey(['c', 'gcc 12', 'x'])).not.toBe(compileKey(['c', 'gcc 13', 'x']));
    const cache = new CompileCache(join(dir, 'cache'), 1 << 20);
    const build = join(dir, 'b1');
    mkdirSync(build);
    writeFileSync(join(build, 'main'), 'binary');
    const e = cache.put('k1', build, ['main'], true, '', 5);
    expect(e.ok).toBe(true);
    expect(cache.get('k1')?.ok).toBe(true);
    expect(readdirSync(join(dir, 'cache', cache.nameOf('k1'))).sort()).toEqual(['main', 'meta.json']);
  });
  it('refuses a symlinked build output (a build cannot make the host read outside)', () => {
    const cache = new CompileCache(join(dir, 'cache'), 1 << 20);
    const build = join(dir, 'b2');
    mkdirSync(build);
    symlinkSync('/etc/passwd', join(build, 'main'));
    const e = cache.put('k2', build, ['main'], true, '', 5);
    expect(e.ok).toBe(false);
    expect(e.message).toMatch(/not a regular file/);
    expect(existsSync(join(dir, 'cache', cache.nameOf('k2'), 'main'))).toBe(false);
  });
  it('evicts least recently used entries beyond its size bound', () => {
    const cache = new CompileCache(join(dir, 'small'), 5000);
    for (let i = 0; i < 10; i++) {
      const b = join(dir, `e${i}`);
      mkdirSync(b);
      writeFileSync(join(b, 'main'), 'x'.repeat(1000));
      cache.put(`k${i}`, b, ['main'], true, '', 1);
    }
    expect(cache.totalBytes).toBeLessThanOrEqual(5000);
    expect(cache.get('k9')).not.toBeNull();
    expect(cache.get('k0')).toBeNull();
  });
  it('never evicts a pinned entry (a queued run will start it); unpinned, it goes as usual', () => {
    const cache = new CompileCache(join(dir, 'pinned'), 5000);
    const put = (k: string) => {
      const b = join(dir, `p-${k}`);
      mkdirSync(b, { recursive: true });
      writeFileSync(join(b, 'main'), 'x'.repeat(1000));
      cache.put(k, b, ['main'], true, '', 1);
    };
    put('old');
    cache.pin('old');
    for (let i = 0; i < 10; i++) put(`n${i}`);
    expect(cache.get('old'), 'pinned entry evicted').not.toBeNull();
    expect(existsSync(join(dir, 'pinned', cache.nameOf('old'), 'main'))).toBe(true);
    cache.unpin('old');
    for (let i = 10; i < 20; i++) put(`n${i}`);
    expect(cache.get('old')).toBeNull();
  });
  it('names entries by an HMAC under its own secret: unguessable from the key, stable across restarts', () => {
    const a = new CompileCache(join(dir, 'named'), 1 << 20);
    const name = a.nameOf('some-key');
    expect(name).not.toContain('some-key');
    expect(name).not.toBe(compileKey(['some-key']));
    expect(new CompileCache(join(dir, 'named'), 1 << 20).nameOf('some-key')).toBe(name);
    expect(new CompileCache(join(dir, 'other'), 1 << 20).nameOf('some-key')).not.toBe(name);
    expect(statSync(join(dir, 'named')).mode & 0o777).toBe(0o711);
  });
  it('does not persist failures that are not the compiler\'s verdict', () => {
    const cache = new CompileCache(join(dir, 'cache'), 1 << 20);
    cache.put('k3', dir, [], false, 'timed out', 5, false);
    expect(cache.get('k3')).toBeNull();
  });
});
