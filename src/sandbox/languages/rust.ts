import { join } from 'node:path';
import type { LanguageDescriptor } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { memo, output, which } from './discover.js';
import { NATIVE_OOM, PRELOAD_PROOF } from './c.js';

const HINT = 'Install Rust (rustup: https://rustup.rs, or Debian: apt-get install rustc).';

// The rustup proxy is bypassed: rustc is run from its sysroot, which is all the sandbox needs.
const discover = memo(() => {
  const proxy = which('rustc', [join(process.env.HOME ?? '/root', '.cargo/bin')]);
  if (!proxy) throw new ToolchainMissing('rust', 'rustc not found on PATH', HINT);
  const sysroot = output(proxy, ['--print', 'sysroot']).trim();
  const version = output(proxy, ['--version']).trim();
  return { version, binds: [sysroot], paths: { rustc: join(sysroot, 'bin/rustc'), sysroot } };
});

export const rust: LanguageDescriptor = {
  id: 'rust',
  aliases: ['rs', 'rustc'],
  hint: HINT,
  discover,
  fileName: () => 'main.rs',
  compile: (tc, file, sub) => ({
    argv: [tc.paths.rustc, '--edition', '2021', '-O', '-C', 'debuginfo=0', '-C', 'strip=symbols',
      ...(sub.flags ?? []), '-o', 'main', file],
    env: { ...BASE_ENV, RUSTUP_TOOLCHAIN: '' },
    artifacts: ['main'],
  }),
  run: (_tc, ctx) => ({ kind: 'exec', argv: [`${ctx.artifactDir}/main`, ...(ctx.sub.args ?? [])], env: { ...BASE_ENV } }),
  rlimitAs: true,
  memoryErrors: NATIVE_OOM,
  proof: PRELOAD_PROOF,
};
