#!/usr/bin/env node
// An error that escapes main() (a crash, or any error with RLCF_DEBUG=1) exits 3, as every
// environment or internal error does (see `rlcf --help`, "Exit codes").
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((e) => {
  console.error(e?.stack ?? String(e));
  process.exit(3);
});
