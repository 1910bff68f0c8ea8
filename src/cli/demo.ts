// `rlcf demo`: the main job on embedded defaults. Evaluates the bundled samples file (the built-in
// suite's completions in all 8 languages, some deliberately wrong) in the local sandbox, stores the
// run in SQLite and prints the pass@k table, the verdict mix and the throughput.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { evalOptions, evaluate, openStore, printSummary } from './eval.js';
import { type SandboxFlags, addSandboxFlags, openSandbox } from './options.js';

export const DEMO_SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'benchmarks', 'builtin', 'demo-samples.jsonl');

export function registerDemo(program: Command): void {
  addSandboxFlags(program.command('demo')
    .description('evaluate the bundled samples on the built-in suite (8 languages) and print pass@k, verdicts, throughput')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--json', 'print the run summary as JSON')
    .option('--results <out.jsonl>', 'write per-sample results'))
    .action(async (f: SandboxFlags & { db?: string; json?: boolean; results?: string }) => {
      // every sample is executed again: the demo measures the sandbox, not the verdict cache
      const flags = { ...f, bench: ['builtin'], samples: DEMO_SAMPLES, k: '1', fresh: true };
      const opts = await evalOptions(flags);
      const store = await openStore(f.db);
      const sb = await openSandbox(f);
      try {
        const s = await evaluate(opts, flags, sb, store);
        if (f.json) {
          process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        } else {
          printSummary(s);
          process.stdout.write(`\nrlcf demo: ${s.samples} samples in 8 languages judged in the sandbox ` +
            `(${s.executions_per_s} samples/s). See \`rlcf runs\`, \`rlcf show ${s.run_id} --failures\`.\n`);
        }
      } finally {
        await sb.close();
        store.close();
      }
    });
}
