// open-r1's E2B/Morph router protocol: POST /execute_batch {scripts, languages, timeout,
// request_timeout} → one {execution, exception_str} per script, with E2B's Execution shape
// {results:[{text, is_main_result}], logs:{stdout:[], stderr:[]}, error, execution_count}. As in a
// Jupyter cell, the value of a Python script's last expression is the main result (open-r1's
// reward scripts end with the pass fraction).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type RouteContext, requestSignal } from './app.js';
import { BadRequest, languageOf } from './tasks.js';

/** Wrap a script so that its last expression's repr (or its exception) is reported after a marker. */
export function cellProgram(script: string, mark: string): string {
  return `import ast as __ast, sys as __sys, json as __json, traceback as __tb
__src = ${JSON.stringify(script)}
def __report(o):
    __sys.stdout.flush(); __sys.stderr.flush()
    __sys.__stdout__.write("\\n${mark}" + __json.dumps(o) + "\\n"); __sys.__stdout__.flush()
try:
    __tree = __ast.parse(__src, "<cell>")
    __last = None
    if __tree.body and isinstance(__tree.body[-1], __ast.Expr):
        __last = __ast.Expression(__tree.body.pop().value)
    __g = {"__name__": "__main__"}
    exec(compile(__tree, "<cell>", "exec"), __g)
    __v = eval(compile(__last, "<cell>", "eval"), __g) if __last is not None else None
    __report({"text": None if __v is None else repr(__v)})
except BaseException as __e:
    __report({"error": {"name": type(__e).__name__, "value": str(__e), "traceback": __tb.format_exc()}})
`;
}

interface Execution {
  results: { text: string; is_main_result: boolean }[];
  logs: { stdout: string[]; stderr: string[] };
  error: { name: string; value: string; traceback: string } | null;
  execution_count: number;
}

const lines = (s: string) => (s ? [s] : []);

export async function registerOpenR1(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.post<{ Body: { scripts: string[]; languages?: string[]; timeout?: number; request_timeout?: number } }>('/execute_batch', {
    schema: {
      description: "open-r1's code router: run scripts, return E2B-shaped executions (the last expression's value is the main result).",
      body: {
        type: 'object', required: ['scripts'],
        properties: {
          scripts: { type: 'array', items: { type: 'string' }, maxItems: ctx.maxBatch },
          languages: { type: 'array', items: { type: 'string' } },
          timeout: { type: 'number', exclusiveMinimum: 0 }, request_timeout: { type: 'number', exclusiveMinimum: 0 },
        },
      },
    },
  }, async (req) => {
    const { scripts } = req.body;
    const langs = req.body.languages ?? [];
    if (langs.length && langs.length !== 1 && langs.length !== scripts.length) {
      throw new BadRequest('languages', `has ${langs.length} entries for ${scripts.length} scripts (give one per script or one for all)`);
    }
    const timeoutMs = Math.min((req.body.timeout ?? 30) * 1000, 120_000);
    const jobs = scripts.map((s, i) => {
      const name = langs.length === 1 ? langs[0] : (langs[i] ?? 'python');
      const lang = languageOf(name);
      if (!lang) throw new BadRequest(`languages[${i}]`, `unknown language ${JSON.stringify(name)}`);
      return { lang, script: s };
    });
    ctx.metrics.items.inc({ route: '/execute_batch' }, jobs.length);
    const signal = requestSignal(req);
    ctx.admit(req, jobs.length);
    return Promise.all(jobs.map(async ({ lang, script }) => {
      try {
        if (lang !== 'python') {
          const v = await ctx.executor.run({ language: lang, source: script, limits: { timeout_ms: timeoutMs } }, { signal });
          const failed = v.status !== 'ok';
          const ex: Execution = {
            results: [], logs: { stdout: lines(v.stdout), stderr: lines(v.stderr) }, execution_count: 1,
            error: failed ? { name: v.status, value: v.message ?? v.compile?.message ?? `exit code ${v.exit_code}`, traceback: v.stderr } : null,
          };
          return { execution: ex, exception_str: null };
        }
        const mark = `__rlcf_${randomBytes(8).toString('hex')}__`;
        const v = await ctx.executor.run({ language: 'python', source: cellProgram(script, mark), limits: { timeout_ms: timeoutMs } }, { signal });
        const at = v.stdout.lastIndexOf(`\n${mark}`);
        const stdout = at >= 0 ? v.stdout.slice(0, at) : v.stdout;
        let rec: { text?: string | null; error?: Execution['error'] } = {};
        if (at >= 0) {
          try { rec = JSON.parse(v.stdout.slice(at + mark.length + 1).split('\n')[0]); } catch { /* leave empty */ }
        }
        let error = rec.error ?? null;
        if (!error && at < 0) {
          error = { name: v.status === 'time_limit' ? 'TimeoutError' : v.status === 'memory_limit' ? 'MemoryError' : 'RuntimeError',
            value: v.message ?? (v.signal ? `killed by ${v.signal}` : `exit code ${v.exit_code}`), traceback: v.stderr };
        }
        const ex: Execution = {
          results: rec.text !== undefined && rec.text !== null ? [{ text: rec.text, is_main_result: true }] : [],
          logs: { stdout: lines(stdout), stderr: lines(v.stderr) }, error, execution_count: 1,
        };
        return { execution: ex, exception_str: null };
      } catch (e) {
        return { execution: null, exception_str: (e as Error).message };
      }
    }));
  });
}
