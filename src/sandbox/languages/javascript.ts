import type { LanguageDescriptor, ProofSpec, RunContext, Toolchain } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { memo, outsideUsr, prefixOf, real } from './discover.js';
import { nodeRunMany } from './node-many.js';

const HINT = 'Install Node.js >= 18 (Debian: apt-get install nodejs).';

export const discoverNode = memo((): Toolchain => {
  const node = real(process.execPath);
  if (!node) throw new ToolchainMissing('javascript', 'node not found', HINT);
  return { version: `node ${process.version}`, binds: outsideUsr([prefixOf(node)]), paths: { node } };
});

/** Node in the sandbox: heap capped below the memory limit so V8 reports its own OOM cleanly;
 * no inherited NODE_OPTIONS or NODE_EXTRA_CA_CERTS (the latter costs ~58 ms per start). */
export function nodeRun(tc: Toolchain, ctx: RunContext, js: string) {
  const heap = Math.max(16, Math.floor(ctx.limits.memory_mb * 0.8));
  return {
    kind: 'exec' as const,
    argv: [tc.paths.node, `--max-old-space-size=${heap}`, 'main.js', ...(ctx.sub.args ?? [])],
    env: { ...BASE_ENV },
    files: { 'main.js': js },
  };
}

export const NODE_OOM = [/JavaScript heap out of memory/, /FATAL ERROR: .*Allocation failed/];

/** JavaScript and TypeScript prove completion with a statement after the tests (MultiPL-E's run
 * synchronously): it reads the secret from descriptor 3 only then, so an exit before it (process.exit,
 * an uncaught exception) leaves nothing to print. `eval('require')` type-checks as TypeScript too. */
export const EPILOGUE_PROOF: ProofSpec = {
  source: (src) => `${src}\n;(function () { const fs = eval('require')('fs'); ` +
    `fs.writeSync(1, '\\n' + fs.readFileSync(3, 'latin1') + '\\n'); })();\n`,
};

export const javascript: LanguageDescriptor = {
  id: 'javascript',
  aliases: ['js', 'node', 'nodejs', 'node-js', 'node-javascript'],
  displayName: 'JavaScript (Node.js)',
  fenceTags: ['javascript', 'jsx', 'mjs', 'cjs'],
  extensions: ['.js', '.mjs', '.cjs'],
  compiled: false,
  hello: 'const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\nconsole.log(a + b, "javascript");\n',
  hint: HINT,
  discover: discoverNode,
  fileName: () => 'main.js',
  run: (tc, ctx) => nodeRun(tc, ctx, ctx.source),
  // several stdin tests in one node process (node/rlcf-runner.cjs)
  runMany: nodeRunMany,
  rlimitAs: false,
  memoryErrors: NODE_OOM,
  proof: EPILOGUE_PROOF,
};
