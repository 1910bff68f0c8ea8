// `rlcf serve`: the reward server (native /v1 API plus SandboxFusion, OpenRLHF, Piston and open-r1
// endpoints) over local sandbox slots.
import { type Command, Option } from 'commander';
import type { Task } from '../benchmarks/types.js';
import { loadBenchTasks, openStore } from './eval.js';
import { type SandboxFlags, UsageError, addSandboxFlags, collect, inputFile, openSandbox, positiveInt } from './options.js';

interface ServeFlags extends SandboxFlags {
  host: string;
  port: string;
  workers?: string;
  token?: string;
  bench?: string[];
  sweInstances?: string;
  rateLimit?: string;
  concurrency?: string;
  bodyLimitMb?: string;
  maxBatch?: string;
  log?: boolean;
  db?: string;
  maxQueue?: string;
  maxQueuePerClient?: string;
  maxWait?: string;
  grace?: string;
  queue?: string;
  queueMaxDepth?: string;
  queueChunk?: string;
}

export function registerServe(program: Command): void {
  addSandboxFlags(program.command('serve')
    .description('serve rewards over HTTP: POST /v1/grade, /v1/run, /run_code, /submit, /get_reward, /api/v2/execute, /execute_batch (OpenAPI at /docs)')
    .option('--host <host>', 'address to bind (a non-loopback address requires --token)', '127.0.0.1')
    .option('--port <n>', 'port (0 = any free port)', '8080')
    .option('--token <t>', 'bearer token(s), comma-separated (default: $RLCF_TOKEN)')
    .option('--bench <spec>', 'load a benchmark that /v1/grade items can reference (repeatable; builtin is always loaded)', collect)
    .option('--swe-instances <file>', 'SWE-bench instances that /v1/grade repo items ({swe: {instance_id}}) can name')
    .option('--rate-limit <n>', 'requests per second per token (default: unlimited)')
    .option('--concurrency <n>', 'requests in flight per token (default: unlimited)')
    .option('--body-limit-mb <n>', 'largest request body in MiB', '32')
    .option('--max-batch <n>', 'most items per batch request', '4096')
    .option('--log', 'log every request (JSON lines on stdout)')
    .option('--db <path>', 'eval store shown by the viewer at /ui (default: <state dir>/rlcf.db)')
    .option('--max-queue <n>', 'items waiting or running in total before 429 (default: what the slots get through in --max-wait)')
    .option('--max-queue-per-client <n>', 'the same per token (or address) (default: 3/4 of --max-queue)')
    .option('--max-wait <s>', 'seconds of work the default --max-queue may hold', '30')
    .option('--grace <s>', 'on SIGTERM/SIGINT, seconds in-flight requests may take to finish before they are cancelled', '10')
    .option('--queue <url>', 'grade on a fleet of `rlcf worker`s behind this Redis (redis://host:port; several, comma-separated: shards) instead of local slots')
    .option('--queue-max-depth <n>', 'with --queue: jobs waiting in the fleet above which requests get 429', '100000')
    .option('--queue-chunk <n>', 'with --queue: items per job (1 = one completion with all its tests per job; auto: ~4 jobs per fleet slot, ≤ 8 items each)', 'auto')
    // the former name of --slots, still accepted
    .addOption(new Option('--workers <n>').hideHelp()))
    .action(async (f: ServeFlags) => {
      const port = Number(f.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${JSON.stringify(f.port)}`);
      const token = f.token ?? process.env.RLCF_TOKEN;
      const tokens = token ? token.split(',').map((t) => t.trim()).filter(Boolean) : [];
      const { buildApp, isLoopback, listen } = await import('../server/app.js');
      if (!isLoopback(f.host) && !tokens.length) {
        throw new UsageError(`refusing to serve on ${f.host} without authentication: pass --token (or set RLCF_TOKEN), or bind to 127.0.0.1`);
      }
      const nonNeg = (v: string | undefined, name: string) => (v === undefined ? undefined : v === '0' ? 0 : positiveInt(v, name));
      const limits = {
        rateLimit: nonNeg(f.rateLimit, '--rate-limit'), concurrency: nonNeg(f.concurrency, '--concurrency'),
        bodyLimit: positiveInt(f.bodyLimitMb ?? '32', '--body-limit-mb') << 20, maxBatch: positiveInt(f.maxBatch ?? '4096', '--max-batch'),
        admission: {
          ...(f.maxQueue !== undefined ? { maxQueue: positiveInt(f.maxQueue, '--max-queue') } : {}),
          ...(f.maxQueuePerClient !== undefined ? { maxQueuePerClient: positiveInt(f.maxQueuePerClient, '--max-queue-per-client') } : {}),
          maxWaitS: positiveInt(f.maxWait ?? '30', '--max-wait'),
        },
      };
      const graceMs = (f.grace === undefined || f.grace === '0' ? Number(f.grace ?? 10) : positiveInt(f.grace, '--grace')) * 1000;
      const tasks: Task[] = await loadBenchTasks(['builtin', ...(f.bench ?? []).filter((b) => b !== 'builtin')]);
      // inputs and the store first: an error there must not leave agents (or a fleet connection)
      // running, which would keep the process alive after printing it
      const sweInstances = f.sweInstances
        ? await (await import('../repo/formats.js')).loadInstances(inputFile(f.sweInstances, '--swe-instances')) : undefined;
      const store = await openStore(f.db);
      const { queueUrl, connectFleet } = await import('./fleet.js');
      const queue = await queueUrl(f.queue, true);
      // --queue: the fleet's executor replaces the local slots (same routes, same verdicts)
      const fleet = queue ? await connectFleet(queue, { maxDepth: positiveInt(f.queueMaxDepth ?? '100000', '--queue-max-depth'),
        chunk: f.queueChunk === undefined || f.queueChunk === 'auto' ? 'auto' as const : positiveInt(f.queueChunk, '--queue-chunk') }) : null;
      const sandbox = fleet ?? await openSandbox({ ...f, slots: f.workers ?? f.slots });
      // a fleet's backpressure is its queue depth (429 past --queue-max-depth); this front-end's own
      // admission bound is sized for it, not for local slots
      if (fleet && f.maxQueue === undefined) limits.admission = { ...limits.admission, maxQueue: positiveInt(f.queueMaxDepth ?? '100000', '--queue-max-depth') };
      const app = await buildApp({ ...(fleet ? { executor: fleet } : { sandbox: sandbox as Awaited<ReturnType<typeof openSandbox>> }),
        token: tokens, tasks, logger: !!f.log, store, sweInstances, ...limits }).catch(async (e: unknown) => {
        await sandbox.close();
        throw e;
      });
      let closing = false;
      // SIGTERM/SIGINT: no new requests; in-flight ones get --grace seconds, then their work is
      // killed; every agent is reaped and every cgroup removed before the process exits
      const shutdown = async (sig: string) => {
        if (closing) return;
        closing = true;
        process.stderr.write(`rlcf serve: ${sig}: finishing in-flight requests (up to ${graceMs / 1000} s)\n`);
        const drained = app.close();
        const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs).unref());
        if ((await Promise.race([drained.then(() => 'done' as const), timer])) === 'late') {
          process.stderr.write('rlcf serve: cancelling what is still running\n');
        }
        await sandbox.close();
        await drained.catch(() => undefined);
        store.close();
        process.exit(sig === 'SIGTERM' ? 143 : 130);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      try {
        await listen(app, f.host, port, tokens.length > 0);
      } catch (e) {
        await sandbox.close();
        throw e;
      }
      const addr = app.server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const benches = [...new Set(tasks.map((t) => t.benchmark))].join(', ');
      process.stdout.write(`rlcf serve: listening on http://${f.host.includes(':') ? `[${f.host}]` : f.host}:${actual} ` +
        `(${fleet ? `fleet ${queue}: ${fleet.adverts.length} workers, ${fleet.stats().slots} slots` : `${(sandbox as { slots: unknown[] }).slots.length} slots, ${(sandbox as { mode: string }).mode}`}, benchmarks: ${benches}${tokens.length ? ', auth: bearer' : ''}); docs at /docs\n`);
      await new Promise<void>(() => { /* serve until a signal */ });
    });
}
