import { existsSync, readdirSync } from 'node:fs';
import type { LanguageDescriptor, ProofSpec, Toolchain } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { memo, output, outsideUsr, prefixOf, which } from './discover.js';

/** libstdc++'s bits/stdc++.h for a g++ major version (Debian keeps it under the target triplet). */
function stdcppHeader(major: string): string | null {
  const m = major.split('.')[0];
  const dirs = ['/usr/include/c++/' + m];
  try {
    for (const t of readdirSync('/usr/include')) dirs.push(`/usr/include/${t}/c++/${m}`);
  } catch { /* no /usr/include */ }
  return dirs.map((d) => `${d}/bits/stdc++.h`).find((f) => existsSync(f)) ?? null;
}

export function gccFamily(lang: 'c' | 'cpp', compiler: string, hint: string) {
  return memo((): Toolchain => {
    const bin = which(compiler);
    if (!bin) throw new ToolchainMissing(lang, `${compiler} not found on PATH`, hint);
    const version = output(bin, ['--version']).split('\n')[0].trim();
    const paths: Record<string, string> = { cc: bin };
    if (lang === 'cpp') {
      const stdcpp = stdcppHeader(output(bin, ['-dumpversion']).trim());
      if (stdcpp) paths.stdcpp = stdcpp;
    }
    return { version, binds: outsideUsr([prefixOf(bin)]), paths };
  });
}

const NATIVE_OOM = [/std::bad_alloc/, /memory allocation of \d+ bytes failed/, /out of memory/i, /Cannot allocate memory/];
export { NATIVE_OOM };

/** C, C++ and Rust binaries prove completion through a preloaded library that takes main's place
 * (agent/rlcf_proof.c): the secret is printed when main returns 0, never on an exit elsewhere. */
export const PRELOAD_PROOF: ProofSpec = {
  run: (spec, ctx) => {
    if (!ctx.proofLib) throw new Error('the completion proof library is not built (it needs gcc; see rlcf doctor)');
    return { ...spec, env: { ...spec.env, LD_PRELOAD: ctx.proofLib } };
  },
};

const HINT = 'Install gcc (Debian: apt-get install gcc).';

export const c: LanguageDescriptor = {
  id: 'c',
  aliases: ['c11', 'c17', 'gcc'],
  displayName: 'C',
  fenceTags: ['c', 'h'],
  extensions: ['.c'],
  compiled: true,
  hello: '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld c\\n", a + b); return 0; }\n',
  hint: HINT,
  discover: gccFamily('c', 'gcc', HINT),
  fileName: () => 'main.c',
  compile: (tc, file, sub) => ({
    argv: [tc.paths.cc, '-O2', '-pipe', '-std=gnu17', ...(sub.flags ?? []), '-o', 'main', file, '-lm'],
    env: { ...BASE_ENV },
    artifacts: ['main'],
  }),
  run: (_tc, ctx) => ({ kind: 'exec', argv: [`${ctx.artifactDir}/main`, ...(ctx.sub.args ?? [])], env: { ...BASE_ENV } }),
  rlimitAs: true,
  memoryErrors: NATIVE_OOM,
  proof: PRELOAD_PROOF,
};
