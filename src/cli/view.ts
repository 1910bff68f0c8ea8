// `rlcf view`: the local web viewer of the store (runs, run, task/sample, compare, curated datasets).
import type { Command } from 'commander';
import { openStore } from './eval.js';
import { UsageError, addStateDirFlag, collect, positiveInt } from './options.js';

export function registerView(program: Command): void {
  addStateDirFlag(program.command('view')
    .description('open the web viewer: runs, pass@k by benchmark × language, failing tests, run comparison')
    .option('--port <n>', 'port (0 = any free port)', '7878')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--db <path>', 'SQLite store (default: <state dir>/rlcf.db)')
    .option('--curate-dir <dir>', 'where `rlcf curate` wrote its output (repeatable)', collect))
    .action(async (f: { port: string; host: string; db?: string; curateDir?: string[] }) => {
      const port = f.port === '0' ? 0 : positiveInt(f.port, '--port');
      if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
      const [{ default: Fastify }, { registerViewer }, { webRoot }] = await Promise.all([import('fastify'),
        import('../server/viewer-api.js'), import('../viewer/static.js')]);
      if (!webRoot()) process.stderr.write('rlcf view: the web app is not built (dist/web): run `npm run build`; the JSON API works meanwhile\n');
      const store = await openStore(f.db);
      const app = Fastify({ logger: false });
      await registerViewer(app, { store, prefix: '/ui', curateDirs: f.curateDir ?? [] });
      app.get('/', async (_req, reply) => reply.redirect('/ui/'));
      const addr = await app.listen({ port, host: f.host });
      process.stdout.write(`rlcf view: ${addr.replace('0.0.0.0', '127.0.0.1')}/ui/  (store ${store.path}; Ctrl-C to stop)\n`);
      const stop = async () => {
        await app.close();
        store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
