// SandboxFusion's wire protocol (bytedance/SandboxFusion, as verl and the sandbox-fusion client use
// it): POST /run_code and POST /submit with provided_data. Field names, enum values and null-ness
// follow SandboxFusion's pydantic models (RunCodeResponse, CommandRunResult, EvalResult).
import { constants } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Task, TestVerdict } from '../benchmarks/types.js';
import type { Verdict } from '../sandbox/types.js';
import { DESCRIPTORS, acceptedLanguages } from '../sandbox/languages/index.js';
import { type RouteContext, requestSignal } from './app.js';
import { gradeCompletion } from './grade.js';
import { BadRequest, appsSpec, inlineTask, languageOf } from './tasks.js';

export interface CommandRunResult {
  status: 'Finished' | 'Error' | 'TimeLimitExceeded';
  execution_time: number | null;
  cpu_time?: number | null;
  return_code: number | null;
  stdout: string | null;
  stderr: string | null;
}

export interface RunCodeResponse {
  status: 'Success' | 'Failed' | 'SandboxError';
  message: string;
  compile_result: CommandRunResult | null;
  run_result: CommandRunResult | null;
  executor_pod_name: string | null;
  files: Record<string, string>;
}


/** Python's subprocess convention: killed by a signal → −signum. */
function returnCode(v: { exit_code: number | null; signal: string | null }): number | null {
  if (v.exit_code !== null) return v.exit_code;
  if (v.signal) return -((constants.signals as Record<string, number>)[v.signal] ?? 9);
  return null;
}

const secs = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000);

/** A sandbox verdict → SandboxFusion's RunCodeResponse. */
export function runCodeResponse(v: Verdict, language: string): RunCodeResponse {
  const base = { executor_pod_name: null, files: {} };
  if (v.status === 'sandbox_error') {
    return { status: 'SandboxError', message: v.message ?? 'sandbox error', compile_result: null, run_result: null, ...base };
  }
  const compiled = DESCRIPTORS[languageOf(language) ?? 'python'].compiled;
  if (v.status === 'compile_error') {
    return {
      status: 'Failed', message: '', run_result: null, ...base,
      compile_result: { status: 'Finished', execution_time: secs(v.compile?.ms), return_code: 1, stdout: '', stderr: v.compile?.message ?? v.stderr },
    };
  }
  const tle = v.status === 'time_limit';
  const run: CommandRunResult = {
    status: tle ? 'TimeLimitExceeded' : 'Finished', execution_time: secs(v.wall_ms), cpu_time: secs(v.cpu_ms),
    return_code: tle ? null : returnCode(v), stdout: v.stdout, stderr: v.stderr,
  };
  return {
    status: !tle && run.return_code === 0 ? 'Success' : 'Failed', message: '', run_result: run, ...base,
    compile_result: compiled ? { status: 'Finished', execution_time: secs(v.compile?.ms ?? 0), return_code: 0, stdout: '', stderr: '' } : null,
  };
}

/** A judge TestVerdict → the exec_info of a SandboxFusion EvalTestCase. */
function execInfo(t: TestVerdict): RunCodeResponse {
  const base = { executor_pod_name: null, files: {} };
  if (t.status === 'sandbox_error') return { status: 'SandboxError', message: t.message ?? '', compile_result: null, run_result: null, ...base };
  if (t.status === 'compile_error') {
    return { status: 'Failed', message: '', run_result: null, ...base,
      compile_result: { status: 'Finished', execution_time: null, return_code: 1, stdout: '', stderr: t.message ?? '' } };
  }
  const tle = t.status === 'time_limit';
  const ok = t.status === 'ok' || t.status === 'wrong_answer';
  return {
    status: ok ? 'Success' : 'Failed', message: '', compile_result: null, ...base,
    run_result: { status: tle ? 'TimeLimitExceeded' : 'Finished', execution_time: secs(t.wall_ms), cpu_time: secs(t.cpu_ms),
      return_code: tle ? null : ok ? 0 : 1, stdout: t.stdout ?? t.actual ?? '', stderr: t.stderr ?? t.message ?? '' },
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** provided_data (one problem, or a list holding the one with the submitted id) → Task. Accepts
 * SandboxFusion's common shapes: `test` as GeneralStdioTest list ({input:{stdin}, output:{stdout}}),
 * `test` as an assert program (HumanEval-like, with prompt/entry_point), `input_output` (APPS), or
 * `{inputs, outputs, fn_name?}`. */
export function providedTask(pd: unknown, id: string, language: string): Task {
  let d = pd;
  if (Array.isArray(pd)) {
    d = pd.find((x) => isObj(x) && String(x.id ?? x.task_id) === id) ?? (pd.length === 1 ? pd[0] : undefined);
    if (d === undefined) throw new BadRequest('config.provided_data', `holds no problem with id ${JSON.stringify(id)}`);
  }
  if (!isObj(d)) throw new BadRequest('config.provided_data', 'must be an object or a list of objects');
  const lang = languageOf(language);
  // an unknown name is an error, never a silent Python run
  if (!lang) throw new BadRequest('config.language', `unsupported language ${JSON.stringify(language)}; ${acceptedLanguages()}`);
  const labels = isObj(d.labels) ? d.labels : {};
  const prompt = typeof d.prompt === 'string' ? d.prompt : '';
  const entry = typeof d.entry_point === 'string' ? d.entry_point : undefined;
  let tests: unknown;
  if (Array.isArray(d.test)) {
    tests = { kind: 'stdio', float_tol: 1e-5, cases: d.test.map((c, i) => {
      if (!isObj(c) || !isObj(c.input) || !isObj(c.output)) throw new BadRequest(`config.provided_data.test[${i}]`, 'must be {input:{stdin}, output:{stdout}}');
      return { stdin: c.input.stdin ?? '', stdout: c.output.stdout };
    }) };
  } else if (typeof d.test === 'string') {
    tests = { kind: 'assert', tests: `${d.test}\n${entry && /def check\(/.test(d.test) ? `check(${entry})\n` : ''}`, include_prompt: !!prompt };
  } else if (d.input_output !== undefined) {
    let io = d.input_output;
    if (typeof io === 'string') {
      try { io = JSON.parse(io); } catch { throw new BadRequest('config.provided_data.input_output', 'is not valid JSON'); }
    }
    if (!isObj(io)) throw new BadRequest('config.provided_data.input_output', 'must be {inputs, outputs, fn_name?}');
    tests = appsSpec(io, 'config.provided_data.input_output').spec;
  } else if (d.inputs !== undefined) {
    tests = d;
  } else {
    throw new BadRequest('config.provided_data', 'needs tests: `test` (stdio list or assert program), `input_output` or {inputs, outputs}');
  }
  return inlineTask({ language: lang, prompt, tests, ...(entry ? { entry_point: entry } : {}),
    style: prompt && typeof d.test === 'string' ? 'completion' : 'instruction', ...labels.limits ? { limits: labels.limits } : {} },
  'config.provided_data', id);
}

export async function registerSandboxFusion(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.post<{ Body: Record<string, unknown> }>('/run_code', {
    schema: {
      description: 'SandboxFusion-compatible: run one program.',
      body: {
        type: 'object', required: ['code', 'language'],
        properties: {
          code: { type: 'string' }, language: { type: 'string' },
          compile_timeout: { type: 'number', minimum: 0 }, run_timeout: { type: 'number', minimum: 0 },
          memory_limit_MB: { type: 'number' }, stdin: { type: ['string', 'null'] },
          files: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
          fetch_files: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  }, async (req) => {
    const b = req.body;
    const lang = languageOf(b.language);
    if (!lang) throw new BadRequest('language', `unsupported language ${JSON.stringify(b.language)}; ${acceptedLanguages()}`);
    const files: Record<string, string> = {};
    for (const [p, v] of Object.entries((b.files as Record<string, string | null>) ?? {})) {
      if (v === null) continue;
      if (!/^[\w.-]+$/.test(p) || p.startsWith('.')) throw new BadRequest(`files.${p}`, 'only plain file names (no directories) are supported');
      files[p] = Buffer.from(v, 'base64').toString('utf8');
    }
    const runS = Math.min(typeof b.run_timeout === 'number' && b.run_timeout > 0 ? b.run_timeout : 10, 120);
    const mem = typeof b.memory_limit_MB === 'number' && b.memory_limit_MB > 0 ? Math.min(b.memory_limit_MB, 8192) : undefined;
    ctx.admit(req, 1);
    const v = await ctx.executor.run({
      language: lang, source: b.code as string, ...(typeof b.stdin === 'string' ? { stdin: b.stdin } : {}),
      ...(Object.keys(files).length ? { files } : {}), ...(String(b.language).toLowerCase() === 'go_test' ? { mode: 'test' as const } : {}),
      limits: { timeout_ms: runS * 1000, ...(mem ? { memory_mb: mem } : {}) },
    }, { signal: requestSignal(req) });
    return runCodeResponse(v, lang);
  });

  app.post<{ Body: Record<string, unknown> }>('/submit', {
    schema: {
      description: 'SandboxFusion-compatible: grade a completion against the tests in config.provided_data.',
      body: {
        type: 'object', required: ['id', 'completion', 'config'],
        properties: { dataset: { type: 'string' }, id: { type: ['string', 'integer'] }, completion: { type: 'string' }, config: { type: 'object' } },
      },
    },
  }, async (req) => {
    const b = req.body;
    const cfg = b.config as Record<string, unknown>;
    const id = String(b.id);
    if (cfg.provided_data === undefined || cfg.provided_data === null) {
      // a registered dataset: only the benchmarks loaded into this server
      if (typeof b.dataset !== 'string') throw new BadRequest('config.provided_data', 'is required (rlcf has no SandboxFusion dataset registry)');
    }
    const language = typeof cfg.language === 'string' ? cfg.language : 'python';
    const task = cfg.provided_data !== undefined && cfg.provided_data !== null
      ? providedTask(cfg.provided_data, id, language)
      : ctx.tasks.resolve({ benchmark: b.dataset, id, ...(cfg.language ? { language: cfg.language } : {}) }, 'dataset');
    const extra = isObj(cfg.extra) ? cfg.extra : {};
    const runS = typeof cfg.run_timeout === 'number' && cfg.run_timeout > 0 ? Math.min(cfg.run_timeout, 120) : undefined;
    ctx.admit(req, 1);
    const g = await gradeCompletion(ctx.executor, id, task, b.completion as string, {
      reward: { preset: 'binary' }, runAll: extra.run_all_cases === true, signal: requestSignal(req),
      ...(runS ? { limits: { timeout_ms: runS * 1000 } } : {}),
    });
    const fenced = g.sanitize_steps.find((s) => s.startsWith('fence:'));
    return {
      id: b.id, accepted: g.passed, extracted_code: g.code, full_code: g.code,
      test_code: task.judge.kind === 'assert' ? task.judge.tests : null,
      tests: g.tests.map((t) => ({ passed: t.passed, exec_info: execInfo(t), test_info: { index: t.index, status: t.status,
        ...(t.expected !== undefined ? { expected: t.expected } : {}) } })),
      extracted_type: !g.code.trim() ? 'empty' : fenced ? (fenced.endsWith(':unclosed') ? 'incomplete_fenced' : 'fenced') : 'heuristic',
      extra: { status: g.status, result: g.result, passed_tests: g.passed_tests, total_tests: g.total_tests },
    };
  });
}
