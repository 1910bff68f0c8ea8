// `rlcf repo synth <snapshot>`: SWE-bench-format instances synthesised from a repository snapshot
// (procedural mutations validated by execution, src/repo/synth.ts) and a summary of what was tried.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, type StateFlags, UsageError, addStateDirFlag, positiveInt } from './options.js';

interface SynthFlags extends StateFlags {
  out: string; max: string; tries?: string; strategies?: string; seed: string; repo?: string; workers: string; timeout?: string;
  summary?: string; json?: boolean;
}

export function registerRepoSynth(repo: Command): void {
  addStateDirFlag(repo.command('synth <snapshot>')
    .description('synthesise SWE-bench instances from a Python or Go snapshot: ast / go/ast mutations validated by running its suite')
    .requiredOption('--out <file>', 'instances JSONL (SWE-bench fields, plus `synth`: strategy, file, function)')
    .option('--max <n>', 'instances to keep', '10')
    .option('--tries <n>', 'candidates drawn at most (default 4 × --max)')
    .option('--strategies <list>', 'comma-separated: flip-compare, flip-boolop, change-constant, swap-operands, remove-condition, remove-assignment, remove-loop, invert-if-else, remove-wrapper, shuffle-statements, remove-base-class, remove-method, combine (2–3 kept bugs of one file merged; Go: all but remove-wrapper and the class ones; default all)')
    .option('--seed <s>', 'the draw of candidates is a function of the seed and the tree', '0')
    .option('--repo <owner/name>', 'the instances\' repo field (default from the import source)')
    .option('--workers <n>', 'candidates validated at once', '2')
    .option('--timeout <s>', 'seconds per suite run (default: 1800 for the clean runs, 5 × the clean suite\'s time, at least 60, with a bug)')
    .option('--summary <file>', 'also write the summary JSON here (default <out>.summary.json)')
    .option('--json', 'print the summary as JSON'))
    .action(async (snapshot: string, f: SynthFlags) => {
      const { synthesize } = await import('../repo/synth.js');
      if (f.repo && !/^[\w.-]+\/[\w.-]+$/.test(f.repo)) throw new UsageError(`--repo must be owner/name, got ${JSON.stringify(f.repo)}`);
      let res;
      try {
        res = await synthesize({
          snapshot, max: positiveInt(f.max, '--max'), tries: f.tries ? positiveInt(f.tries, '--tries') : undefined,
          strategies: f.strategies?.split(',').map((s) => s.trim()).filter(Boolean), seed: f.seed, repo: f.repo,
          workers: positiveInt(f.workers, '--workers'), timeout_s: f.timeout ? positiveInt(f.timeout, '--timeout') : undefined, stateDir: f.stateDir,
          log: (m) => process.stderr.write(`${m}\n`),
        });
      } catch (e) {
        const m = (e as Error).message;
        if (/^(no snapshot|unknown strategy|repo synth mutates|strategy \S+ is not available)/.test(m)) throw new UsageError(m);
        throw e;
      }
      writeFileSync(f.out, res.instances.map((i) => JSON.stringify(i)).join('\n') + (res.instances.length ? '\n' : ''));
      const s = res.summary;
      writeFileSync(f.summary ?? `${f.out}.summary.json`, JSON.stringify(s, null, 2) + '\n');
      if (f.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      else {
        process.stdout.write(`${s.repo} @ ${s.snapshot.slice(0, 12)}, seed ${s.seed}: ${s.candidates} candidates drawn, ${s.tried} tried, ${s.kept} kept ` +
          `(yield ${(s.yield * 100).toFixed(1)}%), ${s.cpu_s} CPU-s${s.cpu_s_per_kept !== null ? ` (${s.cpu_s_per_kept} per kept instance)` : ''}\n`);
        for (const [k, v] of Object.entries(s.per_strategy)) {
          if (v.tried) process.stdout.write(`  ${k}: tried ${v.tried}, kept ${v.kept}${Object.keys(v.dropped).length ? `, dropped ${JSON.stringify(v.dropped)}` : ''}\n`);
        }
        process.stdout.write(`instances: ${f.out}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}
