// One-time toolchain set-up that makes a first build slow, said on stderr before it starts so that
// the command does not look hung: Go compiles its standard library into the state directory's build
// cache (~20 s), and C++ compiles without the precompiled <bits/stdc++.h> until it exists (a few
// seconds a program). Both stay in the state directory: later builds take well under a second.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../sandbox/types.js';

/** What the first builds in these languages will do, one line each (empty when nothing). */
export async function firstBuildNotes(languages: Iterable<Language>, stateDir: string): Promise<string[]> {
  const cache = join(stateDir, 'gocache');
  const notes: string[] = [];
  for (const l of new Set(languages)) {
    // the go command writes README and trim.txt when it first fills its build cache
    if (l === 'go' && !existsSync(join(cache, 'trim.txt')) && !existsSync(join(cache, 'README'))) {
      notes.push(`first Go build with ${stateDir}: Go compiles its standard library into the build cache once ` +
        '(about 20 s); later builds reuse it');
    }
    if (l === 'cpp') {
      const [{ DESCRIPTORS }, { pchDir }] = await Promise.all([import('../sandbox/languages/index.js'), import('../sandbox/pch.js')]);
      let tc;
      try {
        tc = DESCRIPTORS.cpp.discover();
      } catch {
        continue; // no g++: the verdict says so
      }
      if (tc.paths.stdcpp && !existsSync(join(cache, pchDir(tc), 'bits', 'stdc++.h.gch'))) {
        notes.push(`C++: <bits/stdc++.h> is not precompiled in ${stateDir} yet: a compile takes a few seconds until it is ` +
          '(it is built once, beside this compile, and kept)');
      }
    }
  }
  return notes;
}
