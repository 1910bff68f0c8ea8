#!/usr/bin/env node
// `--version` answers from package.json without loading the command line (as fast as a Node start).
// An error that escapes main() (a crash, or any error with RLCF_DEBUG=1) exits 3, as every
// environment or internal error does (see `rlcf --help`, "Exit codes").
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((e) => {
    console.error(e?.stack ?? String(e));
    process.exit(3);
  });
}
