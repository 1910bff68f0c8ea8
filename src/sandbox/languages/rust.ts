import { basename, dirname, join } from 'node:path';
import type { LanguageDescriptor } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { existing, memo, output, toolEnv, userHome, which } from './discover.js';
import { NATIVE_OOM, PRELOAD_PROOF } from './c.js';

const HINT = 'Install Rust (rustup: https://rustup.rs, or Debian: apt-get install rustc).';

// The rustup proxy is bypassed: rustc is run from its sysroot, which is all the sandbox needs.
// rustup runs once to name the sysroot, with HOME in rlcf's state directory (toolEnv) and its own
// installation where it is: $RUSTUP_HOME, ~/.rustup, or beside the cargo bin directory it was found in.
const discover = memo(() => {
  const proxy = which('rustc', [join(userHome(), '.cargo/bin')]);
  if (!proxy) throw new ToolchainMissing('rust', 'rustc not found on PATH', HINT);
  const cargoHome = basename(dirname(proxy)) === 'bin' ? dirname(dirname(proxy)) : null;
  const rustupHome = process.env.RUSTUP_HOME ?? existing(join(userHome(), '.rustup')) ??
    (cargoHome ? existing(join(dirname(cargoHome), '.rustup')) : undefined);
  const env = toolEnv({ ...(rustupHome ? { RUSTUP_HOME: rustupHome } : {}), ...(cargoHome ? { CARGO_HOME: process.env.CARGO_HOME ?? cargoHome } : {}) });
  const sysroot = output(proxy, ['--print', 'sysroot'], env).trim();
  const rustc = join(sysroot, 'bin/rustc');
  const version = output(rustc, ['--version'], env).trim();
  return { version, binds: [sysroot], paths: { rustc, sysroot } };
});

export const rust: LanguageDescriptor = {
  id: 'rust',
  aliases: ['rs', 'rustc'],
  displayName: 'Rust',
  fenceTags: ['rust'],
  extensions: ['.rs'],
  compiled: true,
  hello: 'use std::io::Read;\nfn main() {\n    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n    println!("{} rust", v[0] + v[1]);\n}\n',
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
