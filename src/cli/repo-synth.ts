// `rlcf repo synth <snapshot>`: SWE-bench-format instances synthesised from a repository snapshot
// (procedural mutations validated by execution, src/repo/synth.ts; release mirroring, synth-release.ts;
// LM rewrites and model-written statements with --model, synth-lm.ts) and a summary of what was tried.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, type StateFlags, UsageError, addStateDirFlag, modelFromFlags, numberIn, positiveInt } from './options.js';

interface SynthFlags extends StateFlags {
  out: string; max: string; tries?: string; strategies?: string; seed: string; repo?: string; workers: string; timeout?: string;
  summary?: string; json?: boolean; from?: string; model?: string; concurrency?: string; statements?: string; temperature?: string;
}

/** strategies that are not procedural mutations: each runs alone (its candidates come from elsewhere) */
const SOURCES = ['release-mirror', 'lm-rewrite'];

export function registerRepoSynth(repo: Command): void {
  addStateDirFlag(repo.command('synth <snapshot>')
    .description('synthesise SWE-bench instances from a Python or Go snapshot: ast / go/ast mutations validated by running its suite')
    .requiredOption('--out <file>', 'instances JSONL (SWE-bench fields, plus `synth`: strategy, file, function)')
    .option('--max <n>', 'instances to keep', '10')
    .option('--tries <n>', 'candidates drawn at most (default 4 × --max)')
    .option('--strategies <list>', 'comma-separated: flip-compare, flip-boolop, change-constant, swap-operands, remove-condition, remove-assignment, remove-loop, invert-if-else, remove-wrapper, shuffle-statements, remove-base-class, remove-method, combine (2–3 kept bugs of one file merged; Go: all but remove-wrapper and the class ones; default all); or alone: release-mirror (with --from), lm-rewrite (with --model)')
    .option('--from <snapshot>', 'release-mirror: the older release of the same package (imported), whose source is the bug')
    .option('--model <provider:spec>', 'lm-rewrite: the model that rewrites functions; any strategy: the model that writes the problem statements (as rlcf eval --model)')
    .option('--concurrency <n>', 'concurrent model requests')
    .option('--temperature <t>', 'lm-rewrite: sampling temperature (default 0.8)')
    .option('--statements <how>', 'template | model (default: model with --model, else template; a model error falls back to the template)')
    .option('--seed <s>', 'the draw of candidates is a function of the seed and the tree', '0')
    .option('--repo <owner/name>', 'the instances\' repo field (default from the import source)')
    .option('--workers <n>', 'candidates validated at once', '2')
    .option('--timeout <s>', 'seconds per suite run (default: 1800 for the clean runs, 5 × the clean suite\'s time, at least 60, with a bug)')
    .option('--summary <file>', 'also write the summary JSON here (default <out>.summary.json)')
    .option('--json', 'print the summary as JSON'))
    .action(async (snapshot: string, f: SynthFlags) => {
      const { synthesize } = await import('../repo/synth.js');
      const strategies = f.strategies?.split(',').map((s) => s.trim()).filter(Boolean);
      const source = strategies?.find((s) => SOURCES.includes(s));
      if (source && strategies!.length > 1) throw new UsageError(`--strategies ${source} runs alone (run synth once per kind and concatenate the JSONL files)`);
      if (source === 'release-mirror' && !f.from) throw new UsageError('--strategies release-mirror needs --from <older release>, e.g. --from pypi:more-itertools==10.3.0');
      if (f.from && source !== 'release-mirror') throw new UsageError('--from is for --strategies release-mirror');
      if (source === 'lm-rewrite' && !f.model) throw new UsageError('--strategies lm-rewrite needs --model <provider:spec>');
      if (f.statements && f.statements !== 'template' && f.statements !== 'model') throw new UsageError(`--statements must be template or model, got ${JSON.stringify(f.statements)}`);
      if (f.statements === 'model' && !f.model) throw new UsageError('--statements model needs --model <provider:spec>');
      const temperature = numberIn(f.temperature, '--temperature', 0, 2);
      const model = f.model ? await modelFromFlags(f.model, f.concurrency) : undefined;
      const lm = model ? await import('../repo/synth-lm.js') : undefined;
      const statement = model && lm && (f.statements ?? 'model') === 'model' ? lm.lmStatement(model, { seed: f.seed }) : undefined;
      if (f.repo && !/^[\w.-]+\/[\w.-]+$/.test(f.repo)) throw new UsageError(`--repo must be owner/name, got ${JSON.stringify(f.repo)}`);
      let res;
      try {
        const common = {
          snapshot, max: positiveInt(f.max, '--max'), tries: f.tries ? positiveInt(f.tries, '--tries') : undefined, seed: f.seed, repo: f.repo,
          workers: positiveInt(f.workers, '--workers'), timeout_s: f.timeout ? positiveInt(f.timeout, '--timeout') : undefined, stateDir: f.stateDir,
          log: (m: string) => process.stderr.write(`${m}\n`), statement,
        };
        if (source === 'release-mirror') res = await (await import('../repo/synth-release.js')).synthesizeRelease({ ...common, from: f.from! });
        else if (source === 'lm-rewrite') res = await lm!.synthesizeLm({ ...common, model: model!, temperature });
        else res = await synthesize({ ...common, strategies });
      } catch (e) {
        const m = (e as Error).message;
        if (/^(no snapshot|unknown strategy|repo synth mutates|strategy \S+ is not available|release mirroring:|--from |lm-rewrite rewrites)/.test(m)) throw new UsageError(m);
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
