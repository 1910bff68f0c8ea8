// `rlcf worker --queue URL`: a fleet worker (src/fleet/worker.ts); `rlcf fleet status`: the fleet as
// Redis sees it. Front-ends are `rlcf serve --queue URL` and `rlcf eval --queue URL`.
import type { Command } from 'commander';
import type { Language } from '../sandbox/types.js';
import { EnvironmentError, type SandboxFlags, UsageError, addSandboxFlags, openSandbox, positiveInt } from './options.js';

interface WorkerFlags extends SandboxFlags {
  queue: string;
  name?: string;
  languages?: string;
  lockMs?: string;
  maxAttempts?: string;
}

/** --queue: a redis:// URL, checked before anything starts; a front-end (`shards`) may name several,
 * comma-separated, one per shard (src/fleet/shards.ts). */
export async function queueUrl(url: string | undefined, shards = false): Promise<string | undefined> {
  if (url === undefined) return undefined;
  const { parseRedisUrl } = await import('../fleet/protocol.js');
  const { shardUrls } = await import('../fleet/shards.js');
  if (!shards && url.includes(',')) {
    throw new UsageError(`--queue ${JSON.stringify(url)}: a worker takes from one shard; give it that shard's redis://host:port`);
  }
  try {
    if (shards) shardUrls(url);
    else parseRedisUrl(url);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return url;
}

/** The fleet's executor for a front-end (serve, eval), or an environment error naming Redis. */
export async function connectFleet(url: string, o: { maxDepth?: number; chunk?: number | 'auto'; waitForWorkers?: boolean } = {}) {
  const { QueueExecutor } = await import('../fleet/executor.js');
  const { ShardedExecutor, shardUrls } = await import('../fleet/shards.js');
  const urls = shardUrls(url);
  try {
    return urls.length > 1 ? await ShardedExecutor.connect(urls, o) : await QueueExecutor.connect({ url, ...o });
  } catch (e) {
    throw new EnvironmentError((e as Error).message);
  }
}

export function registerFleet(program: Command): void {
  addSandboxFlags(program.command('worker')
    .description('take grading jobs from a fleet queue (Redis) and run them in this host\'s sandbox; SIGTERM drains')
    .requiredOption('--queue <url>', 'the fleet\'s Redis, redis://host:port')
    .option('--name <w>', 'this worker\'s name in `rlcf fleet status` (default: $RLCF_WORKER_NAME, else host-pid)')
    .option('--languages <list>', 'take only these languages, comma-separated (default: every language whose toolchain is here)')
    .option('--lock-ms <n>', 'a job whose worker has not renewed its lock for this long is given to another worker', '10000')
    .option('--max-attempts <n>', 'starts of a job whose workers died before it counts as a sandbox_error', '3'))
    .action(async (f: WorkerFlags) => {
      const url = (await queueUrl(f.queue))!;
      const { isLanguage } = await import('../fleet/protocol.js');
      let languages: Language[] | undefined;
      if (f.languages) {
        languages = f.languages.split(',').map((s) => s.trim()).filter(Boolean) as Language[];
        const bad = languages.filter((l) => !isLanguage(l));
        if (bad.length) throw new UsageError(`--languages: unknown ${bad.join(', ')} (python, javascript, typescript, rust, go, c, cpp, java)`);
      }
      const lockMs = positiveInt(f.lockMs ?? '10000', '--lock-ms');
      const maxAttempts = positiveInt(f.maxAttempts ?? '3', '--max-attempts');
      const sandbox = await openSandbox(f, languages ? { languages } : {});
      const { FleetWorker } = await import('../fleet/worker.js');
      let w;
      try {
        const name = f.name ?? process.env.RLCF_WORKER_NAME;
        w = await FleetWorker.start({ url, sandbox, ...(name ? { name } : {}), ...(languages ? { languages } : {}), lockMs, maxAttempts,
          log: (l) => process.stderr.write(`rlcf worker: ${l}\n`) });
      } catch (e) {
        await sandbox.close();
        const msg = (e as Error).message;
        throw new EnvironmentError(msg.includes(url) ? msg : `${msg} (queue ${url})`);
      }
      let closing = false;
      const stop = async (sig: string) => {
        if (closing) return;
        closing = true;
        process.stderr.write(`rlcf worker: ${sig}: draining (finishing active jobs, taking no new ones)\n`);
        await w.drain();
        await sandbox.close();
        process.exit(sig === 'SIGTERM' ? 143 : 130);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
      process.stdout.write(`rlcf worker ${w.name}: ${sandbox.slots.length} slots (${sandbox.mode}), languages ` +
        `${Object.entries(w.languages).map(([l, v]) => `${l} ${v}`).join(', ')}; queue ${url}\n`);
      await new Promise<void>(() => { /* work until a signal */ });
    });

  const fleet = program.command('fleet').description('the grading fleet (rlcf worker processes behind a Redis queue)');
  fleet.command('status')
    .description('workers, slots, queue depth, throughput')
    .requiredOption('--queue <url>', 'the fleet\'s Redis, redis://host:port')
    .option('--json', 'print as JSON')
    .option('--window-ms <n>', 'throughput sampling window', '1000')
    .action(async (f: { queue: string; json?: boolean; windowMs?: string }) => {
      const url = (await queueUrl(f.queue))!;
      const { fleetStatus, formatStatus } = await import('../fleet/status.js');
      let s;
      try {
        s = await fleetStatus(url, f.windowMs === '0' ? 0 : positiveInt(f.windowMs ?? '1000', '--window-ms'));
      } catch (e) {
        throw new EnvironmentError((e as Error).message);
      }
      process.stdout.write(f.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatStatus(s)}\n`);
    });
}
