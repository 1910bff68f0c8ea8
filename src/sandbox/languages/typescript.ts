import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LanguageDescriptor } from './types.js';
import { BASE_ENV } from './types.js';
import { EPILOGUE_PROOF, NODE_OOM, discoverNode, nodeRun } from './javascript.js';
import { memo, real } from './discover.js';
import { nodeRunMany } from './node-many.js';

/** tsc for the optional type-check mode: TypeScript 7's native compiler (~50 ms a program) when its
 * platform package is installed, else the JavaScript tsc run on node. `binds` is what the sandbox
 * must see; `exe` and `api` (the native compiler and TypeScript 7's API module) are set when the
 * warm checker (compilers/ts-server.ts) can run. */
export const findTsc = memo((): { argv: string[]; binds: string[]; version: string; exe?: string; api?: string } | null => {
  let pkgDir: string;
  let version: string;
  try {
    const req = createRequire(import.meta.url);
    const pkgJson = req.resolve('typescript/package.json');
    pkgDir = dirname(pkgJson);
    version = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
    try {
      const native = createRequire(pkgJson).resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
      const exe = join(dirname(native), 'lib', 'tsc');
      const api = join(pkgDir, 'dist', 'api', 'sync', 'api.js');
      if (existsSync(exe)) {
        return existsSync(api)
          ? { argv: [exe], binds: [dirname(native), pkgDir], version: `tsc ${version} native`, exe, api }
          : { argv: [exe], binds: [dirname(native)], version: `tsc ${version} native` };
      }
    } catch { /* no native build: use the JavaScript tsc */ }
  } catch {
    return null;
  }
  return { argv: [real(process.execPath), join(pkgDir, 'bin', 'tsc')], binds: [pkgDir], version: `tsc ${version}` };
});

/** tsc's options in type-check mode: the command line below and the warm checker's tsconfig.json
 * (compilers/ts-server.ts) are both made from this, so that the two give the same verdicts. */
export const TYPECHECK_OPTIONS: Record<string, boolean | string | string[]> = { noEmit: true, target: 'esnext', lib: ['esnext'], skipLibCheck: true };

function typecheckArgs(): string[] {
  return Object.entries(TYPECHECK_OPTIONS).flatMap(([k, v]) =>
    v === true ? [`--${k}`] : [`--${k}`, Array.isArray(v) ? v.join(',') : String(v)]);
}


/** sucrase, loaded on the first TypeScript program (~60 ms that every rlcf start would pay otherwise). */
const sucrase = memo(() => createRequire(import.meta.url)('sucrase') as typeof import('sucrase'));

// TypeScript is transpiled in this process (sucrase: ~0.3 ms) and run as JavaScript on node.
// Transpile-only does not reject type errors; `typecheck: true` runs tsc first, as MultiPL-E does.
export const typescript: LanguageDescriptor = {
  id: 'typescript',
  aliases: ['ts', 'node-ts', 'tsc'],
  displayName: 'TypeScript',
  fenceTags: ['typescript', 'tsx'],
  extensions: ['.ts', '.mts', '.cts'],
  compiled: true,
  hello: 'const [a, b]: number[] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b, "typescript");\n',
  hint: 'Install Node.js >= 18; type-check mode needs the typescript package (npm i typescript).',
  discover: () => {
    const tc = discoverNode();
    const tsc = findTsc();
    return {
      version: `${tc.version} sucrase${tsc ? ` ${tsc.version}` : ''}`,
      binds: tsc ? [...tc.binds, ...tsc.binds] : tc.binds,
      paths: { ...tc.paths, ...(tsc ? { tsc: JSON.stringify(tsc.argv) } : {}), ...(tsc?.api ? { tscExe: tsc.exe!, tscApi: tsc.api } : {}) },
    };
  },
  fileName: () => 'main.ts',
  transform: (source) => sucrase().transform(source, { transforms: ['typescript'], disableESTransforms: true }).code,
  compileIf: (sub) => !!sub.typecheck,
  typecheckTests: true,
  compile: (tc, file, sub) => {
    if (!sub.typecheck) throw new Error('typescript compile step only runs in typecheck mode');
    if (!tc.paths.tsc) throw new Error('typecheck needs the typescript package (npm i typescript)');
    return {
      argv: [...(JSON.parse(tc.paths.tsc) as string[]), ...typecheckArgs(), ...(sub.flags ?? []), file],
      env: { ...BASE_ENV },
      artifacts: [],
    };
  },
  run: (tc, ctx) => nodeRun(tc, ctx, ctx.source),
  runMany: nodeRunMany,
  rlimitAs: false,
  memoryErrors: NODE_OOM,
  proof: EPILOGUE_PROOF,
};
