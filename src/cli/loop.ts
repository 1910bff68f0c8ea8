// `rlcf loop init | run | status | resume`: iterative self-play rounds (sample → execute → curate →
// train → serve → evaluate → gate) from a config file, recorded in the store and resumable.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT, type SandboxFlags, UsageError, addSandboxFlags, addStateDirFlag, openSandbox } from './options.js';
import { table } from './table.js';

interface LoopFlags extends SandboxFlags {
  db?: string;
  json?: boolean;
  keepServing?: boolean;
  restart?: boolean;
  force?: boolean;
}

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'loop.example.yaml');

async function stores(f: LoopFlags) {
  const { openStore } = await import('./eval.js');
  const store = await openStore(f.db);
  const { LoopRecords } = await import('../loop/records.js');
  return { store, rec: new LoopRecords(store) };
}

async function drive(loopId: string, f: LoopFlags): Promise<void> {
  const { store, rec } = await stores(f);
  const sb = await openSandbox(f);
  const { runLoop } = await import('../loop/run.js');
  const stop = (sig: NodeJS.Signals) => {
    // the trainer and the server run in their own process groups (Ctrl-C does not reach them):
    // stop a running trainer; the server too, unless it is to be kept
    const l = rec.getLoop(loopId);
    const pids = rec.steps(loopId).filter((x) => x.status === 'running' && typeof x.output?.pid === 'number').map((x) => x.output!.pid as number);
    if (l?.serving && !f.keepServing) pids.push(l.serving.pid);
    for (const pid of pids) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rec.setLoop(loopId, { status: 'interrupted', ...(l?.serving && !f.keepServing ? { serving: null } : {}) });
    process.stderr.write(`\nrlcf: ${sig}: loop ${loopId} interrupted; \`rlcf loop resume ${loopId}\` continues at the step it was in\n`);
    void sb.close();
    process.exit(sig === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const l = await runLoop(store, sb, loopId, { keepServing: f.keepServing, log: (m) => process.stderr.write(`rlcf loop: ${m}\n`) });
    process.stdout.write(`${await statusText(store, l.id, !!f.json)}\n`);
    if (l.status === 'stopped') process.exitCode = EXIT.failed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await sb.close();
    store.close();
  }
}

/** The status of a loop as text or JSON (the status module is loaded by the commands that print one). */
async function statusText(store: import('../store/store.js').Store, id: string, json: boolean): Promise<string> {
  const { loopStatus } = await import('../loop/status.js');
  const s = loopStatus(store, id);
  return json ? JSON.stringify(s, null, 2) : formatStatus(s);
}

type Status = ReturnType<typeof import('../loop/status.js').loopStatus>;

/** a null total: some part has no price (see prices in the config) */
const usd = (v: number | null) => (v === null ? '$?' : `$${v}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : (v * 100).toFixed(1));

function formatStatus(s: Status): string {
  const suites = s.suites;
  const rows = s.rounds.map((r) => [
    r.round, r.status,
    ...suites.map((n) => {
      const m = r.metrics?.[n];
      return m ? `${pct(m.value)}${m.ci95 ? ` [${pct(m.ci95[0])},${pct(m.ci95[1])}]` : ''}` : '-';
    }),
    r.gap_points === null ? '-' : r.gap_points.toFixed(1),
    r.kept ? `${r.kept.sft}/${r.kept.dpo}/${r.kept.repair}` : '-',
    r.cost ? `${r.cost.tokens.prompt}/${r.cost.tokens.completion}` : '-',
    r.cost ? `${r.cost.sandbox.cpu_s}s/${r.cost.sandbox.executions}` : '-',
    r.cost ? `${r.cost.trainer.wall_s}s` : '-',
    r.cost ? usd(r.cost.usd.total) : '-',
    r.decision ?? '-',
  ]);
  const out = [
    `loop ${s.id} (${s.name})  status ${s.status}  state ${s.state_dir}`,
    '',
    table(['round', 'status', ...suites, 'gap', 'kept sft/dpo/repair', 'tokens in/out', 'sandbox cpu/execs', 'trainer', 'cost', 'gate'], rows),
    '',
    `cumulative: tokens ${s.cumulative.tokens.prompt} in / ${s.cumulative.tokens.completion} out, sandbox ${s.cumulative.sandbox.cpu_s} CPU-s over ` +
      `${s.cumulative.sandbox.executions} executions (${s.cumulative.sandbox.reused_verdicts} verdicts reused), trainer ${s.cumulative.trainer.wall_s}s` +
      `${s.cumulative.trainer.gpu_hours !== null ? `, ${s.cumulative.trainer.gpu_hours} GPU-h` : ''}, ${usd(s.cumulative.usd.total)}`,
    '',
    'steps (seconds): ' + s.rounds.map((r) => `r${r.round} ${Object.entries(r.stage_s).map(([k, v]) => `${k} ${v}`).join(', ')}`).join(' | '),
  ];
  for (const r of s.rounds) {
    for (const g of r.gates) out.push(`round ${r.round} gate ${g.gate}: ${g.fired ? `FIRED → ${g.action}` : 'ok'} — ${g.reason}`);
  }
  const failed = s.steps.filter((x) => x.status === 'failed' || x.status === 'running');
  for (const x of failed) out.push(`round ${x.round} step ${x.step}: ${x.status}${x.error ? `: ${x.error.split('\n')[0]}` : ''} (attempts ${x.attempts})`);
  return out.join('\n');
}

export function registerLoop(program: Command): void {
  const loop = program.command('loop').description('training rounds: sample → execute → curate → train → serve → evaluate → gate (docs/loop.md)');

  loop.command('init')
    .description('write an example loop config (YAML) to edit')
    .argument('[file]', 'where to write it', 'loop.yaml')
    .option('--force', 'overwrite an existing file')
    .action((file: string, f: LoopFlags) => {
      if (existsSync(file) && !f.force) throw new UsageError(`${file} exists; pass --force to overwrite it`);
      writeFileSync(file, readFileSync(EXAMPLE, 'utf8'));
      process.stderr.write(`wrote ${file}: set policy, trainer and eval, then \`rlcf loop run ${file}\`\n`);
    });

  addSandboxFlags(loop.command('run')
    .description('run the loop a config file declares; an unfinished loop of the same name is resumed')
    .argument('<config>', 'loop config (.yaml, .yml or .json)')
    .option('--restart', 'start a new loop even when one of this name exists')
    .option('--keep-serving', 'leave the model server running when the loop ends')
    .option('--json', 'final status as JSON')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)'))
    .action(async (file: string, f: LoopFlags) => {
      const { ConfigError, loadConfig } = await import('../loop/config.js');
      let cfg;
      try {
        cfg = loadConfig(file);
      } catch (e) {
        if (e instanceof ConfigError) throw new UsageError(e.message);
        throw e;
      }
      const { store, rec } = await stores(f);
      let id: string;
      try {
        const existing = f.restart ? null : rec.getLoop(cfg.name);
        if (existing && (existing.status === 'done' || existing.status === 'stopped')) {
          throw new UsageError(`loop "${cfg.name}" (${existing.id}) already ${existing.status}; see \`rlcf loop status ${existing.id}\`, or pass --restart for a new one`);
        }
        if (existing) {
          process.stderr.write(`rlcf loop: resuming ${existing.id} (${existing.status})\n`);
          rec.setLoop(existing.id, { config: cfg });
          id = existing.id;
        } else {
          const { newLoop } = await import('../loop/run.js');
          id = newLoop(store, cfg, resolve(file)).id;
          process.stderr.write(`rlcf loop: ${id}: artifacts in ${rec.getLoop(id)!.state_dir}\n`);
        }
      } finally {
        store.close();
      }
      await drive(id, f);
    });

  addSandboxFlags(loop.command('resume')
    .description('continue a loop at the step it stopped in (after a crash, kill -9 or Ctrl-C)')
    .argument('<loop>', 'loop id or name')
    .option('--keep-serving', 'leave the model server running when the loop ends')
    .option('--json', 'final status as JSON')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)'))
    .action(async (name: string, f: LoopFlags) => {
      const { store, rec } = await stores(f);
      const l = rec.getLoop(name);
      store.close();
      if (!l) throw new UsageError(`no loop ${JSON.stringify(name)} (see \`rlcf loop status\`)`);
      if (l.status === 'done' || l.status === 'stopped') throw new UsageError(`loop ${l.id} is ${l.status}: nothing to resume`);
      await drive(l.id, f);
    });

  addStateDirFlag(loop.command('status')
    .description('rounds, scores with 95% CIs, the overfitting gap, kept data, cost and gate decisions; every loop without an argument')
    .argument('[loop]', 'loop id or name')
    .option('--json', 'as JSON')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)'))
    .action(async (name: string | undefined, f: LoopFlags) => {
      const { store, rec } = await stores(f);
      try {
        if (!name) {
          const all = rec.listLoops();
          if (f.json) process.stdout.write(`${JSON.stringify(all.map((l) => ({ id: l.id, name: l.name, status: l.status, state_dir: l.state_dir, created_at: l.created_at })), null, 2)}\n`);
          else process.stdout.write(`${all.length ? table(['loop', 'name', 'status', 'created'], all.map((l) => [l.id, l.name, l.status, l.created_at])) : 'no loops (start one with `rlcf loop run <config>`)'}\n`);
          return;
        }
        const l = rec.getLoop(name);
        if (!l) throw new UsageError(`no loop ${JSON.stringify(name)} (see \`rlcf loop status\`)`);
        process.stdout.write(`${await statusText(store, l.id, !!f.json)}\n`);
      } finally {
        store.close();
      }
    });
}
