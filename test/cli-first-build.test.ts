// A one-shot `rlcf run` of C++ on an empty state directory leaves the precompiled <bits/stdc++.h>
// behind (before: closing the sandbox killed its build, so every later run compiled without it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');

describe('first C++ run', () => {
  it('says what it is doing and leaves the precompiled header for the next runs', () => {
    const which = spawnSync('g++', ['--version']);
    if (which.status !== 0) {
      console.warn('skipped: no g++ on PATH');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-first-cpp-'));
    try {
      const state = join(dir, 'state');
      const src = join(dir, 'a.cpp');
      writeFileSync(src, '#include <bits/stdc++.h>\nint main() { std::cout << 6 * 7 << "\\n"; }\n');
      const r = spawnSync(process.execPath, [BIN, 'run', src, '--state-dir', state], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('42\n');
      expect(r.stderr).toMatch(/not precompiled/);
      const pch = join(state, 'gocache', 'pch');
      const gch = existsSync(pch) ? readdirSync(pch).map((d) => join(pch, d, 'bits', 'stdc++.h.gch')) : [];
      expect(gch.some((f) => existsSync(f)), `no stdc++.h.gch under ${pch}`).toBe(true);
      // and the next run says nothing about it
      const again = spawnSync(process.execPath, [BIN, 'run', src, '--state-dir', state], { encoding: 'utf8', timeout: 60_000 });
      expect(again.status).toBe(0);
      expect(again.stderr).not.toMatch(/precompiled/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
