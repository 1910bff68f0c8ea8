// Repository tasks: `rlcf repo import|env` (snapshots and their environments) and `rlcf swe eval`
// (SWE-bench instances × predictions → swebench's report tree), src/repo/.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { registerRepoSynth } from './repo-synth.js';
import { EXIT, type StateFlags, UsageError, addStateDirFlag, inputFile, positiveInt } from './options.js';

interface ImportFlags extends StateFlags { apply?: string[]; json?: boolean }
interface EnvFlags extends StateFlags { spec?: string; language?: string; json?: boolean }
interface EvalFlags extends StateFlags {
  instances: string; predictions: string; runId: string; repos?: string; reportDir?: string; maxWorkers?: string;
  timeout?: string; spec?: string; instanceIds?: string[]; json?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function readSpecs(file: string | undefined): Record<string, import('../repo/env.js').RepoSpec> | undefined {
  if (!file) return undefined;
  inputFile(file, '--spec');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, import('../repo/env.js').RepoSpec>;
  } catch (e) {
    throw new UsageError(`--spec ${file}: not valid JSON: ${(e as Error).message} (expected {"<owner>/<name>": {"install": [...], "test_cmd": [...]}})`);
  }
}

export function registerRepo(program: Command): void {
  const repo = program.command('repo').description('repository snapshots and their environments (SWE-bench-style tasks)');
  registerRepoSynth(repo);
  addStateDirFlag(repo.command('import <source>')
    .description('snapshot a repository: path:<dir>[@<commit>] | pypi:<name>==<ver> | gomod:<module>@<ver> | crate:<name>@<ver> | maven:<group>:<artifact>:<ver>')
    .option('--apply <patch>', 'commit this patch on top (repeatable): a task\'s buggy base', collect)
    .option('--json', 'print the snapshot as JSON'))
    .action(async (source: string, f: ImportFlags) => {
      const { importSnapshot, parseSource } = await import('../repo/snapshot.js');
      try {
        parseSource(source);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const apply = (f.apply ?? []).map((p) => ({ name: p, patch: readFileSync(inputFile(p, '--apply'), 'utf8') }));
      const s = importSnapshot(source, { stateDir: f.stateDir, apply });
      process.stdout.write(f.json ? `${JSON.stringify(s)}\n` : `${s.id}  ${s.dir}${s.reused ? '  (already imported)' : ''}\n`);
    });
  addStateDirFlag(repo.command('env <snapshot>')
    .description('build (once) the environment of a snapshot: id, id prefix or import source')
    .option('--spec <file>', 'JSON {"install": ["shell command", ...]} overriding the install commands')
    .option('--language <lang>', 'python | go | rust (default: detected from go.mod / Cargo.toml)')
    .option('--json', 'print the environment as JSON'))
    .action(async (snapshot: string, f: EnvFlags) => {
      const { buildEnv } = await import('../repo/env.js');
      if (f.language && !['python', 'go', 'rust'].includes(f.language)) throw new UsageError(`--language must be python, go or rust, got ${JSON.stringify(f.language)}`);
      let spec;
      if (f.spec) spec = JSON.parse(readFileSync(inputFile(f.spec, '--spec'), 'utf8'));
      let env;
      try {
        env = await buildEnv(snapshot, { stateDir: f.stateDir, spec, language: f.language as 'python' | 'go' | 'rust' | undefined,
          log: (m) => process.stderr.write(`${m}\n`) });
      } catch (e) {
        if (/^no snapshot/.test((e as Error).message)) throw new UsageError((e as Error).message);
        throw e;
      }
      process.stdout.write(f.json ? `${JSON.stringify(env)}\n` : `${env.id}  ${env.dir}  ${env.language}${env.reused ? '  (reused)' : `  (built in ${env.build_ms} ms)`}\n`);
    });

  const swe = program.command('swe').description('SWE-bench-format evaluation without Docker');
  addStateDirFlag(swe.command('eval')
    .description('evaluate predictions on SWE-bench instances (swebench\'s run_evaluation inputs and report tree)')
    .requiredOption('--instances <file>', 'instances: JSON, JSONL or Parquet rows in SWE-bench\'s format')
    .requiredOption('--predictions <file>', 'predictions JSONL {instance_id, model_name_or_path, model_patch}')
    .requiredOption('--run-id <id>', 'names the run in the report tree')
    .option('--repos <dir>', 'git clones named <owner>__<name> (default: rlcf\'s imported snapshots, by base_commit)')
    .option('--report-dir <dir>', 'where logs/run_evaluation/... and the summary go', '.')
    .option('--max-workers <n>', 'instances evaluated at once (default: one per core)')
    .option('--timeout <s>', 'seconds per instance\'s tests', '1800')
    .option('--spec <file>', 'per-repository overrides: JSON {"<owner>/<name>": {"install": [...], "test_cmd": [...]}}')
    .option('--instance-ids <id>', 'only these instances (repeatable)', collect)
    .option('--json', 'print the run summary as JSON'))
    .action(async (f: EvalFlags) => {
      const { loadInstances, loadPredictions } = await import('../repo/formats.js');
      const { runSweEval } = await import('../repo/run.js');
      if (!/^[A-Za-z0-9._-]+$/.test(f.runId)) throw new UsageError(`--run-id may only hold letters, digits, . _ - (got ${JSON.stringify(f.runId)})`);
      let instances, predictions;
      try {
        instances = await loadInstances(inputFile(f.instances, '--instances'));
        predictions = await loadPredictions(inputFile(f.predictions, '--predictions'));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError((e as Error).message);
      }
      if (f.instanceIds?.length) {
        const want = new Set(f.instanceIds);
        instances = instances.filter((i) => want.has(i.instance_id));
        predictions = predictions.filter((p) => want.has(p.instance_id));
      }
      if (f.repos) inputFile(f.repos, '--repos', { directory: true });
      const t0 = Date.now();
      const res = await runSweEval({
        instances, predictions, runId: f.runId, reposDir: f.repos, reportDir: f.reportDir, stateDir: f.stateDir,
        maxWorkers: f.maxWorkers ? positiveInt(f.maxWorkers, '--max-workers') : availableParallelism(), timeout_s: positiveInt(f.timeout ?? '1800', '--timeout'),
        specs: readSpecs(f.spec),
        log: (m) => process.stderr.write(`${m}\n`),
        onInstance: (r) => {
          if (!f.json) process.stderr.write(`${r.instance_id}: ${r.resolved === null ? `error (${(r.error ?? '').split('\n')[0].slice(0, 120)})` : r.resolved ? 'resolved' : 'unresolved'}  ${r.timings.wall_ms} ms\n`);
        },
      });
      const s = res.summary;
      if (f.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      else {
        process.stdout.write(`Total instances: ${s.total_instances}\nInstances submitted: ${s.submitted_instances}\nInstances completed: ${s.completed_instances}\n` +
          `Instances incomplete: ${s.incomplete_ids.length}\nInstances resolved: ${s.resolved_instances}\nInstances unresolved: ${s.unresolved_instances}\n` +
          `Instances with empty patches: ${s.empty_patch_instances}\nInstances with errors: ${s.error_instances}\n` +
          `Report written to ${res.summaryFile} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      }
      process.exitCode = EXIT.ok;
    });
}
