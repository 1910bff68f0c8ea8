// A precompiled <bits/stdc++.h> for C++ (competitive-programming and MultiPL-E code includes it):
// compiling such a program takes ~1.2 s without it and ~0.3 s with it here. It is built once per
// toolchain, in a build sandbox, into the shared build cache (/gocache in the sandbox), and used by
// every later C++ compile through `-I <dir>`; g++ silently ignores a PCH built with other flags.
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Toolchain } from './languages/types.js';

/** Flags the PCH is built with: they must equal the C++ descriptor's compile flags. */
export const PCH_FLAGS = ['-O2', '-pipe', '-std=gnu++17'];

/** The include directory (relative to the build cache) holding bits/stdc++.h.gch for a toolchain. */
export function pchDir(tc: Toolchain): string {
  return `pch/${createHash('sha256').update(JSON.stringify([tc.version, PCH_FLAGS])).digest('hex').slice(0, 12)}`;
}

export type BuildRunner = (argv: string[]) => Promise<{ exit_code: number | null; error?: string }>;

export class PchBuilder {
  private started = new Set<string>();
  private inFlight = new Set<Promise<void>>();

  /** Builds started and not finished (a one-shot command waits for them before it closes the
   * sandbox, which would otherwise kill them: the next command would start over). */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when every build started so far has finished (or failed). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** `hostCache`: the build cache on the host; `sandboxCache`: the same directory as compilers see it. */
  constructor(private readonly hostCache: string, private readonly sandboxCache: string, private readonly owner: number | null) {}

  /** Start building the PCH for this toolchain once; compiles never wait for it. */
  maybeStart(tc: Toolchain, run: BuildRunner): void {
    const header = tc.paths.stdcpp;
    if (!header) return;
    const rel = pchDir(tc);
    if (this.started.has(rel)) return;
    this.started.add(rel);
    const hostBits = join(this.hostCache, rel, 'bits');
    const final = join(hostBits, 'stdc++.h.gch');
    if (existsSync(final)) return;
    mkdirSync(hostBits, { recursive: true });
    if (this.owner !== null) {
      for (const d of [join(this.hostCache, 'pch'), join(this.hostCache, rel), hostBits]) chownSync(d, this.owner, this.owner);
    }
    const tmp = `stdc++.h.gch.${randomBytes(4).toString('hex')}`;
    const p: Promise<void> = run([tc.paths.cc, ...PCH_FLAGS, '-x', 'c++-header', header, '-o', `${this.sandboxCache}/${rel}/bits/${tmp}`])
      .then((r) => {
        if (r.exit_code === 0) renameSync(join(hostBits, tmp), final); // atomic: a compile sees all of it or none
        else rmSync(join(hostBits, tmp), { force: true });
      })
      .catch(() => rmSync(join(hostBits, tmp), { force: true }))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }
}
