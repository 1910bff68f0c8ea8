import type { LanguageDescriptor } from './types.js';
import { BASE_ENV } from './types.js';
import { PCH_FLAGS, pchDir } from '../pch.js';
import { NATIVE_OOM, PRELOAD_PROOF, gccFamily } from './c.js';

const HINT = 'Install g++ (Debian: apt-get install g++).';

export const cpp: LanguageDescriptor = {
  id: 'cpp',
  // cc: the file extension (.cc) and fence tag, never the C compiler driver here
  aliases: ['c++', 'cxx', 'g++', 'cpp17', 'cc'],
  displayName: 'C++',
  fenceTags: ['cpp', 'hpp'],
  extensions: ['.cpp', '.cc', '.cxx'],
  compiled: true,
  pistonName: 'c++',
  hello: '#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << " cpp\\n"; }\n',
  hint: HINT,
  discover: gccFamily('cpp', 'g++', HINT),
  fileName: () => 'main.cpp',
  compile: (tc, file, sub) => ({
    // -I the precompiled <bits/stdc++.h> (src/sandbox/pch.ts), used once it exists
    argv: [tc.paths.cc, ...PCH_FLAGS, ...(tc.paths.stdcpp ? ['-I', `/gocache/${pchDir(tc)}`] : []), ...(sub.flags ?? []),
      '-o', 'main', file],
    env: { ...BASE_ENV },
    artifacts: ['main'],
  }),
  run: (_tc, ctx) => ({ kind: 'exec', argv: [`${ctx.artifactDir}/main`, ...(ctx.sub.args ?? [])], env: { ...BASE_ENV } }),
  rlimitAs: true,
  memoryErrors: NATIVE_OOM,
  proof: PRELOAD_PROOF,
};
