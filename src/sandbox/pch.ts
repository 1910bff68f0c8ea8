// A precompiled <bits/stdc++.h> for C++ (competitive-programming and MultiPL-E code includes it):
// compiling such a program takes ~1.2 s without it and ~0.3 s with it here; and a precompiled
// <iostream> (~0.22 s of compiler CPU without it, ~0.09 s with it). It is built once per
// toolchain, in a build sandbox, into the shared build cache (/gocache in the sandbox), and used by
// every later C++ compile through `-I <dir>`; g++ silently ignores a PCH built with other flags.
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  private cc?: string;

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

  /** Start building the PCHs for this toolchain once; compiles never wait for them. */
  maybeStart(tc: Toolchain, run: BuildRunner): void {
    const header = tc.paths.stdcpp;
    if (!header) return;
    this.cc = tc.paths.cc;
    const rel = pchDir(tc);
    if (this.started.has(rel)) return;
    this.started.add(rel);
    this.build(rel, 'bits', 'stdc++.h.gch', header, run);
    // <iostream> (most programs that do not include bits/stdc++.h start with it): compiled through
    // a one-line header that includes it, so that it stays a system header (its warnings stay
    // silent, as when a program includes it); g++ finds <dir>/iostream.gch for `#include <iostream>`
    // when that is the program's first include, and the real header otherwise
    const major = /\/c\+\+\/([^/]+)\/bits\/stdc\+\+\.h$/.exec(header)?.[1];
    if (major && existsSync(`/usr/include/c++/${major}/iostream`)) {
      const wrapper = join(this.hostCache, rel, 'rlcf-iostream.h');
      mkdirSync(join(this.hostCache, rel), { recursive: true });
      writeFileSync(wrapper, '#include <iostream>\n');
      this.build(rel, '', 'iostream.gch', `${this.sandboxCache}/${rel}/rlcf-iostream.h`, run);
    }
  }

  /** One PCH into <rel>/<sub>/<file>, through a temporary name renamed at the end. */
  private build(rel: string, sub: string, file: string, header: string, run: BuildRunner): void {
    const hostDir = join(this.hostCache, rel, sub);
    const final = join(hostDir, file);
    if (existsSync(final)) return;
    mkdirSync(hostDir, { recursive: true });
    if (this.owner !== null) {
      for (const d of new Set([join(this.hostCache, 'pch'), join(this.hostCache, rel), hostDir])) chownSync(d, this.owner, this.owner);
    }
    const tmp = `${file}.${randomBytes(4).toString('hex')}`;
    const out = `${this.sandboxCache}/${rel}/${sub ? `${sub}/` : ''}${tmp}`;
    const p: Promise<void> = run([this.cc!, ...PCH_FLAGS, '-x', 'c++-header', header, '-o', out])
      .then((r) => {
        if (r.exit_code === 0) renameSync(join(hostDir, tmp), final); // atomic: a compile sees all of it or none
        else rmSync(join(hostDir, tmp), { force: true });
      })
      .catch(() => rmSync(join(hostDir, tmp), { force: true }))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }
}
