// Compile TypeScript to dist/, copy the in-sandbox agent (Python, and its C hot path) beside the compiled engine and build
// the viewer's web app (Vite) into dist/web.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  if (existsSync(join(root, 'dist', 'cli', 'main.js'))) process.exit(0); // installed package: prebuilt
  console.error('rlcf build: the typescript package is missing; run `npm ci` (dev dependencies included).');
  process.exit(1);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
mkdirSync(join(root, 'dist/sandbox/agent'), { recursive: true });
for (const f of readdirSync(join(root, 'src/sandbox/agent')).filter((n) => n.endsWith('.py') || n.endsWith('.c') || n.endsWith('.h'))) {
  cpSync(join(root, 'src/sandbox/agent', f), join(root, 'dist/sandbox/agent', f));
}
// repository tasks' pytest result plugin, mounted read-only into their sandboxes (src/repo/evaluate.ts)
cpSync(join(root, 'src/repo/agent'), join(root, 'dist/repo/agent'), { recursive: true });
// the Java multi-test runner is compiled in the sandbox from its source (languages/java.ts)
mkdirSync(join(root, 'dist/sandbox/languages/java'), { recursive: true });
cpSync(join(root, 'src/sandbox/languages/java/RlcfRunner.java'), join(root, 'dist/sandbox/languages/java/RlcfRunner.java'));
// the JavaScript/TypeScript multi-test runner is sent with each request (languages/node-many.ts)
cpSync(join(root, 'src/sandbox/languages/node'), join(root, 'dist/sandbox/languages/node'), { recursive: true });
// the warm Java compiler's server is compiled on first use (sandbox/compilers/java-server.ts)
mkdirSync(join(root, 'dist/sandbox/compilers'), { recursive: true });
cpSync(join(root, 'src/sandbox/compilers/RlcfJavac.java'), join(root, 'dist/sandbox/compilers/RlcfJavac.java'));
// the warm TypeScript checker's runner is mounted into its sandbox (sandbox/compilers/ts-server.ts)
cpSync(join(root, 'src/sandbox/compilers/rlcf-tscheck.mjs'), join(root, 'dist/sandbox/compilers/rlcf-tscheck.mjs'));
// the built-in suite's task files (statements, tests, reference solutions) beside the compiled loader
cpSync(join(root, 'src/benchmarks/builtin'), join(root, 'dist/benchmarks/builtin'), { recursive: true });
// the viewer's web app (web/, Preact + uPlot) → dist/web, served by src/viewer/static.ts
try {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND') console.error('rlcf build: vite is missing: the viewer (rlcf view) is not built');
  else throw e;
}
