// The rlcf command line. Every command module declares its flags here and loads what it runs on
// (the sandbox, the store, models, the server) only when its action starts, so that `rlcf --help`,
// `--version` and a command's own help cost a Node start and commander, nothing more.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerEval } from './eval.js';
import { registerGap } from './gap.js';
import { registerFleet } from './fleet.js';
import { registerLoop } from './loop.js';
import { EXIT, EXIT_CODES_HELP, UsageError, applyCommonFlags } from './options.js';
import { registerRepo } from './repo.js';
import { registerRun } from './run.js';
import { registerRuns } from './runs.js';
import { registerSelftest } from './selftest.js';
import { registerServe } from './serve.js';
import { registerTasks } from './tasks.js';
import { registerView } from './view.js';

export function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(): Command {
  const program = new Command('rlcf')
    .description('execution feedback for code models: run untrusted code in 8 languages, isolated, at the machine\'s limit')
    .version(version())
    .exitOverride()
    // one error prefix for every message, commander's own included ("rlcf: unknown option ...")
    .configureOutput({ outputError: (s, write) => write(s.replace(/^error: /, 'rlcf: ')) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    // --state-dir is $RLCF_HOME for the whole command: the store and every cache follow it
    .hook('preAction', (_program, cmd) => applyCommonFlags(cmd.opts()));
  registerRun(program);
  registerDoctor(program);
  registerSelftest(program);
  registerEval(program);
  registerRuns(program);
  registerDemo(program);
  registerServe(program);
  registerData(program);
  registerView(program);
  registerTasks(program);
  registerGap(program);
  registerFleet(program);
  registerRepo(program);
  registerLoop(program);
  return program;
}

/** The exit code of an error (see EXIT_CODES_HELP): usage and input errors 2, anything else (an
 * EnvironmentError, or an error nobody classified: a crash) 3. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof UsageError || (e instanceof Error && e.name === 'BenchmarkDataError')) return EXIT.usage;
  return EXIT.environment;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = exitCodeOf(e);
    if (e instanceof CommanderError) return; // commander printed it (help, version or an "rlcf: ..." line)
    // Errors reach the user as one clear message; RLCF_DEBUG=1 shows where they came from.
    if (e instanceof Error && !process.env.RLCF_DEBUG) {
      process.stderr.write(`rlcf: ${e.message}\n`);
      return;
    }
    throw e;
  }
}
