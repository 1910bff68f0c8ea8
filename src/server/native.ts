// rlcf's own API. POST /v1/grade grades a batch of completions (inline task specs or references to
// loaded benchmark tasks) and returns per item the sanitised code, per-test verdicts and the reward;
// `Accept: application/x-ndjson` streams items as they finish. POST /v1/run runs one program.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Task } from '../benchmarks/types.js';
import { parseRewardSpec, REWARD_PRESETS, type RewardSpec } from '../judge/rewards.js';
import { type RouteContext, requestSignal } from './app.js';
import { type GradedItem, gradeCompletion, type GradeOptions } from './grade.js';
import { gradeRepoItem, type RepoJob, resolveRepoTask } from './repo-grade.js';
import { BadRequest, inlineTask, parseLimits, requireLanguage } from './tasks.js';

const limitsSchema = {
  type: 'object', properties: { timeout_ms: { type: 'number', exclusiveMinimum: 0 }, memory_mb: { type: 'number', exclusiveMinimum: 0 } },
} as const;

export function gradeSchema(maxBatch: number) {
  return {
    description: 'Grade a batch of completions. Each task is inline `{language, tests, prompt?, style?, entry_point?, limits?}` ' +
      '(tests: a JudgeSpec {kind: assert|stdio|function}, verl/APPS ground truth {inputs, outputs, fn_name?}, or an assert program string) ' +
      'or a reference `{benchmark, id, language?}` to a loaded benchmark task.',
    body: {
      type: 'object', required: ['items'],
      properties: {
        items: {
          type: 'array', minItems: 1, maxItems: maxBatch,
          items: {
            type: 'object', required: ['completion', 'task'],
            properties: { id: { type: ['string', 'integer'] }, completion: { type: 'string' }, task: { type: 'object' } },
          },
        },
        options: {
          type: 'object',
          properties: {
            reward: { anyOf: [{ type: 'string' }, { type: 'object' }], description: `preset name (${REWARD_PRESETS.join(', ')}; first_n:N) or {preset, n?, weights?, format_penalty?}` },
            run_all: { type: 'boolean', description: 'run every test (default true)' },
            stop_at_first_failure: { type: 'boolean', description: 'the opposite of run_all' },
            sanitize: { type: 'boolean', description: 'extract code from the completion (fences, stop tokens; default true)' },
            limits: limitsSchema,
          },
        },
      },
    },
  };
}

export interface GradeRequest {
  items: { id?: string | number; completion: string; task: Record<string, unknown> }[];
  options?: { reward?: unknown; run_all?: boolean; stop_at_first_failure?: boolean; sanitize?: boolean; limits?: unknown };
}

/** Options of a grade request → GradeOptions (400 naming the field on a bad one). */
export function gradeOptions(o: GradeRequest['options'] = {}, defaults: Partial<GradeOptions> = {}): GradeOptions {
  let rw: RewardSpec;
  try {
    rw = o.reward === undefined && defaults.reward ? defaults.reward : parseRewardSpec(o.reward);
  } catch (e) {
    throw new BadRequest('options.reward', (e as Error).message);
  }
  const limits = parseLimits(o.limits, 'options.limits');
  const runAll = o.run_all ?? (o.stop_at_first_failure !== undefined ? !o.stop_at_first_failure : (defaults.runAll ?? true));
  return { reward: rw, runAll, ...(limits ? { limits } : {}), sanitize: o.sanitize ?? defaults.sanitize ?? true };
}

/** Resolve every item's task up front, so that a bad item is a 400 before anything runs. */
export function resolveTasks(ctx: RouteContext, items: GradeRequest['items']): { id: string; task: Task; completion: string; repo?: RepoJob }[] {
  return items.map((it, i) => {
    const field = `items[${i}].task`;
    const id = it.id === undefined ? String(i) : String(it.id);
    const t = it.task;
    // a repository item (SWE-bench instance + model patch): src/server/repo-grade.ts
    if (t.swe !== undefined) return { id, task: undefined as unknown as Task, completion: it.completion, repo: resolveRepoTask(t, field, ctx.sweInstances) };
    const task = t.benchmark !== undefined && t.tests === undefined ? ctx.tasks.resolve(t, field) : inlineTask(t, field, id);
    return { id, task, completion: it.completion };
  });
}

export function summary(items: GradedItem[], t0: number) {
  const n = items.length;
  return {
    n, passed: items.filter((x) => x.passed).length,
    mean_reward: n ? Math.round((items.reduce((a, x) => a + x.reward, 0) / n) * 1e6) / 1e6 : 0,
    seconds: Math.round((performance.now() - t0) / 1000 * 1000) / 1000,
  };
}

export async function registerNative(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.post<{ Body: GradeRequest }>('/v1/grade', { schema: gradeSchema(ctx.maxBatch) }, async (req, reply) => {
    const t0 = performance.now();
    const jobs = resolveTasks(ctx, req.body.items);
    const opts = { ...gradeOptions(req.body.options), signal: requestSignal(req) };
    ctx.admit(req, jobs.length);
    ctx.metrics.items.inc({ route: '/v1/grade' }, jobs.length);
    const grade = (j: (typeof jobs)[number]) => (j.repo ? gradeRepoItem(j.id, j.repo, j.completion, opts.signal)
      : gradeCompletion(ctx.executor, j.id, j.task, j.completion, opts));
    if ((req.headers.accept ?? '').includes('application/x-ndjson')) {
      const out = new PassThrough();
      reply.type('application/x-ndjson').send(out);
      const done: GradedItem[] = [];
      await Promise.all(jobs.map(async (j) => {
        const g = await grade(j).catch((e: Error) => errorItem(j.id, e));
        done.push(g);
        out.write(`${JSON.stringify(g)}\n`);
      }));
      out.end(`${JSON.stringify({ summary: summary(done, t0) })}\n`);
      return reply;
    }
    const items = await Promise.all(jobs.map((j) => grade(j).catch((e: Error) => errorItem(j.id, e))));
    return { items, summary: summary(items, t0) };
  });

  app.post<{ Body: Record<string, unknown> }>('/v1/run', {
    schema: {
      description: 'Run one program; returns the sandbox verdict fields (status, exit_code, signal, stdout, stderr, cpu_ms, wall_ms, memory_kb, compile, ...).',
      body: {
        type: 'object', required: ['language'],
        properties: {
          language: { type: 'string' }, source: { type: 'string' }, code: { type: 'string' }, stdin: { type: 'string' },
          timeout_ms: { type: 'number', exclusiveMinimum: 0, maximum: 60000 }, memory_mb: { type: 'number', exclusiveMinimum: 0, maximum: 4096 },
          args: { type: 'array', items: { type: 'string' }, maxItems: 256 },
          files: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  }, async (req) => {
    const b = req.body;
    const language = requireLanguage(b.language, 'language');
    const source = (b.source ?? b.code) as string | undefined;
    if (source === undefined) throw new BadRequest('source', 'is required');
    for (const name of Object.keys((b.files as object) ?? {})) {
      if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new BadRequest(`files.${name}`, 'file names are plain names (no directories)');
    }
    ctx.admit(req, 1);
    return ctx.executor.run({
      language, source, ...(b.stdin !== undefined ? { stdin: b.stdin as string } : {}),
      limits: { ...(b.timeout_ms ? { timeout_ms: b.timeout_ms as number } : {}), ...(b.memory_mb ? { memory_mb: b.memory_mb as number } : {}) },
      ...(b.args ? { args: b.args as string[] } : {}), ...(b.files ? { files: b.files as Record<string, string> } : {}),
    }, { signal: requestSignal(req) });
  });
}

function errorItem(id: string, e: Error): GradedItem {
  return {
    id, code: '', sanitize_steps: [], status: 'sandbox_error', passed: false, result: `failed: sandbox error: ${e.message}`,
    reward: 0, passed_tests: 0, total_tests: 0, tests: [], cpu_ms: 0, wall_ms: 0,
  };
}
