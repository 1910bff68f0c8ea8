// OpenRLHF's remote reward protocol (--reward.remote_url / --remote_rm_url):
//   POST /get_reward {query:[prompt+response], prompts:[prompt], labels:[label]}
//     → {rewards:[float], scores:[float 0..1], extra_logs:{name:[float]}}
// A label is the task as JSON (a string or an object): an inline task {language?, tests, prompt?,
// entry_point?}, verl/APPS ground truth {inputs, outputs, fn_name?}, or {benchmark, id, language?}.
// The reward preset comes from ?reward=<preset> (default fraction) or the label's own "reward".
import type { FastifyInstance } from 'fastify';
import type { Task } from '../benchmarks/types.js';
import { parseRewardSpec, type RewardSpec } from '../judge/rewards.js';
import { type RouteContext, requestSignal } from './app.js';
import { gradeCompletion } from './grade.js';
import { BadRequest, inlineTask } from './tasks.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function labelTask(ctx: RouteContext, label: unknown, field: string, id: string): Task {
  let l = label;
  if (typeof l === 'string') {
    try {
      l = JSON.parse(l);
    } catch {
      throw new BadRequest(field, 'must be the task as JSON ({language?, tests} or {inputs, outputs, fn_name?} or {benchmark, id})');
    }
  }
  if (!isObj(l)) throw new BadRequest(field, 'must be a JSON object');
  if (l.benchmark !== undefined && l.tests === undefined) return ctx.tasks.resolve(l, field);
  if (l.tests !== undefined) return inlineTask(l, field, id);
  // bare ground truth
  return inlineTask({ language: l.language ?? 'python', tests: l, ...(l.prompt ? { prompt: l.prompt } : {}) }, field, id);
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

export async function registerOpenRLHF(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.post<{ Body: Record<string, unknown>; Querystring: { reward?: string; run_all?: string } }>('/get_reward', {
    schema: {
      description: 'OpenRLHF remote reward: {query, prompts, labels} → {rewards, scores, extra_logs}; a label is the task as JSON.',
      querystring: { type: 'object', properties: { reward: { type: 'string' }, run_all: { type: 'string', enum: ['0', '1', 'true', 'false'] } } },
      body: {
        type: 'object', required: ['query', 'labels'],
        properties: {
          query: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: ctx.maxBatch }] },
          prompts: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          labels: { anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object' }] } }] },
        },
      },
    },
  }, async (req) => {
    const queries = asList(req.body.query) as string[];
    const prompts = req.body.prompts === undefined ? [] : asList(req.body.prompts) as string[];
    const labels = asList(req.body.labels);
    if (labels.length !== queries.length) throw new BadRequest('labels', `has ${labels.length} entries for ${queries.length} queries`);
    if (prompts.length && prompts.length !== queries.length) throw new BadRequest('prompts', `has ${prompts.length} entries for ${queries.length} queries`);
    let defaultReward: RewardSpec;
    try {
      defaultReward = parseRewardSpec(req.query.reward);
    } catch (e) {
      throw new BadRequest('reward', (e as Error).message);
    }
    const runAll = req.query.run_all === undefined ? true : req.query.run_all === '1' || req.query.run_all === 'true';
    const jobs = queries.map((q, i) => {
      const task = labelTask(ctx, labels[i], `labels[${i}]`, String(i));
      const p = prompts[i];
      // query = prompt + response: the response is what follows the prompt
      const completion = p && q.startsWith(p) ? q.slice(p.length) : q;
      const lab = typeof labels[i] === 'string' ? (() => { try { return JSON.parse(labels[i] as string); } catch { return {}; } })() : labels[i];
      let rw = defaultReward;
      if (isObj(lab) && lab.reward !== undefined) {
        try { rw = parseRewardSpec(lab.reward); } catch (e) { throw new BadRequest(`labels[${i}].reward`, (e as Error).message); }
      }
      return { task, completion, rw };
    });
    ctx.metrics.items.inc({ route: '/get_reward' }, jobs.length);
    const signal = requestSignal(req);
    ctx.admit(req, jobs.length);
    const graded = await Promise.all(jobs.map((j, i) => gradeCompletion(ctx.executor, String(i), j.task, j.completion, { reward: j.rw, runAll, signal })));
    const frac = (g: (typeof graded)[number]) => (g.total_tests ? g.passed_tests / g.total_tests : 0);
    return {
      rewards: graded.map((g) => g.reward),
      scores: graded.map((g) => Math.max(0, Math.min(1, frac(g)))),
      extra_logs: {
        pass: graded.map((g) => (g.passed ? 1 : 0)),
        pass_fraction: graded.map(frac),
        compile_error: graded.map((g) => (g.status === 'compile_error' ? 1 : 0)),
        runtime_error: graded.map((g) => (['runtime_error', 'time_limit', 'memory_limit', 'output_limit'].includes(g.status) ? 1 : 0)),
        no_code: graded.map((g) => (g.code.trim() ? 0 : 1)),
        exec_ms: graded.map((g) => g.wall_ms),
      },
    };
  });
}
