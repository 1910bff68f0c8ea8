// The viewer's JSON API and static files, mounted under a prefix (default /ui) on any Fastify
// instance: `rlcf view` starts its own, `rlcf serve` mounts it beside the rest of its API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Store } from '../store/store.js';
import { compareRuns } from '../viewer/compare.js';
import { curateRoots, findCurated, readCurated } from '../viewer/curated.js';
import { listRuns, runDetail, sampleDetail, samplesPage } from '../viewer/queries.js';
import { readStatic, webRoot } from '../viewer/static.js';

export interface ViewerOptions { store: Store; prefix?: string; curateDirs?: string[] }

type Q = Record<string, string | undefined>;

function int(v: string | undefined, def: number, max: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : def;
}

export async function registerViewer(app: FastifyInstance, opts: ViewerOptions): Promise<void> {
  const { store } = opts;
  const prefix = (opts.prefix ?? '/ui').replace(/\/+$/, '');
  const api = `${prefix}/api`;

  const findRun = (id: string, reply: FastifyReply) => {
    let run;
    try {
      run = store.getRun(id);
    } catch (e) {
      reply.code(400).send({ error: (e as Error).message });
      return null;
    }
    if (!run) reply.code(404).send({ error: `no run "${id}"` });
    return run;
  };

  app.get(`${api}/runs`, async (req) => {
    const q = req.query as Q;
    return listRuns(store, int(q.limit, 50, 500), int(q.offset, 0, 1e9));
  });

  // overfitting-gap reports (rlcf gap), newest first
  app.get(`${api}/gaps`, async (req) => ({ gaps: store.listGaps(int((req.query as Q).limit, 200, 2000)) }));

  app.get(`${api}/runs/:id`, async (req, reply) => {
    const run = findRun((req.params as Q).id!, reply);
    return run ? runDetail(store, run) : reply;
  });

  app.get(`${api}/runs/:id/samples`, async (req, reply) => {
    const run = findRun((req.params as Q).id!, reply);
    if (!run) return reply;
    const q = req.query as Q;
    return samplesPage(store, run.id, { language: q.language || undefined, status: q.status || undefined,
      task: q.task || undefined, q: q.q || undefined }, int(q.offset, 0, 1e9), int(q.limit, 100, 1000));
  });

  app.get(`${api}/runs/:id/sample`, async (req, reply) => {
    const run = findRun((req.params as Q).id!, reply);
    if (!run) return reply;
    const q = req.query as Q;
    if (!q.task) return reply.code(400).send({ error: 'task=<task_key> is required' });
    const s = sampleDetail(store, run.id, q.task, int(q.idx, 0, 1e9));
    return s ?? reply.code(404).send({ error: `no sample ${q.task}#${q.idx ?? 0} in run ${run.id}` });
  });

  app.get(`${api}/compare`, async (req, reply) => {
    const ids = ((req.query as Q).runs ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length < 2) return reply.code(400).send({ error: 'runs=<a>,<b>[,...]: at least two runs' });
    const runs = [];
    for (const id of ids) {
      const r = findRun(id, reply);
      if (!r) return reply;
      runs.push(r);
    }
    return compareRuns(store, runs);
  });

  app.get(`${api}/curated`, async (req) => {
    const dir = (req.query as Q).dir;
    const dirs = dir ? [dir] : findCurated(curateRoots(opts.curateDirs));
    return { roots: curateRoots(opts.curateDirs), datasets: dirs.map(readCurated) };
  });

  // training loops (src/loop): the list, and one loop's rounds as `rlcf loop status --json` gives them
  app.get(`${api}/loops`, async () => {
    const { LoopRecords } = await import('../loop/records.js');
    const rec = new LoopRecords(store);
    return { loops: rec.listLoops().map((l) => ({ id: l.id, name: l.name, status: l.status, created_at: l.created_at, rounds: rec.rounds(l.id).length })) };
  });

  app.get(`${api}/loops/:id`, async (req, reply) => {
    const { LoopRecords } = await import('../loop/records.js');
    const l = new LoopRecords(store).getLoop((req.params as Q).id!);
    if (!l) return reply.code(404).send({ error: `no loop "${(req.params as Q).id}"` });
    const { loopStatus } = await import('../loop/status.js');
    return loopStatus(store, l.id);
  });

  // the built web app; index.html for the prefix itself (hash routing: one page)
  const serve = (rel: string, reply: FastifyReply) => {
    const root = webRoot();
    if (!root) {
      return reply.code(503).type('text/plain')
        .send('the viewer is not built: run `npm run build` (it builds the web app into dist/web)');
    }
    const f = readStatic(root, rel);
    if (!f) return reply.code(404).send({ error: 'not found' });
    return reply.type(f.type).header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(f.body);
  };
  app.get(prefix || '/', async (req, reply) => (prefix ? reply.redirect(`${prefix}/`) : serve('index.html', reply)));
  if (prefix) app.get(`${prefix}/`, async (_req, reply) => serve('index.html', reply));
  app.get(`${prefix}/*`, async (req, reply) => {
    const rel = (req.params as Q)['*'] ?? '';
    if (rel.startsWith('api/')) return reply.code(404).send({ error: `no API route ${rel}` });
    return serve(rel, reply);
  });
}
