// Piston's wire protocol (engineer-man/piston API v2): POST /api/v2/execute, GET /api/v2/runtimes.
// Errors are Piston's {message} with status 400. Stage results carry Piston's status codes:
// RE (non-zero exit), SG (signal), TO (timeout), OL/EL (stdout/stderr too long), XX (internal).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Language, Verdict } from '../sandbox/types.js';
import { LANGUAGES } from '../sandbox/types.js';
import { type RouteContext, requestSignal } from './app.js';
import { DESCRIPTORS, languageOf } from '../sandbox/languages/index.js';

/** Piston's runtime name (the descriptor's pistonName, else the id) and aliases (every other name). */
const pistonName = (l: Language) => DESCRIPTORS[l].pistonName ?? l;
const pistonAliases = (l: Language) => [l, ...DESCRIPTORS[l].aliases].filter((a) => a !== pistonName(l));

let versions: Record<string, string> | null = null;
/** The version of each language's toolchain as the sandbox found it (the descriptor's discover: the
 * compiler or runtime rlcf actually runs, not whatever is first on PATH); a missing one is not listed. */
function runtimeVersions(): Record<string, string> {
  if (versions) return versions;
  versions = {};
  for (const l of LANGUAGES) {
    let v: string;
    try {
      v = DESCRIPTORS[l].discover().version;
    } catch {
      continue;
    }
    const m = /\d+\.\d+(?:\.\d+)?/.exec(v)?.[0];
    if (m) versions[l] = m.split('.').length === 2 ? `${m}.0` : m;
  }
  return versions;
}

function pistonError(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ message });
}

interface Stage {
  stdout: string; stderr: string; output: string; code: number | null; signal: string | null;
  message: string | null; status: string | null; cpu_time: number; wall_time: number; memory: number;
}

function stage(v: Verdict): Stage {
  let status: string | null = null;
  if (v.status === 'time_limit') status = 'TO';
  else if (v.status === 'output_limit') status = v.stderr_truncated && !v.stdout_truncated ? 'EL' : 'OL';
  else if (v.status === 'sandbox_error') status = 'XX';
  else if (v.signal) status = 'SG';
  else if (v.exit_code !== 0) status = 'RE';
  return {
    stdout: v.stdout, stderr: v.stderr, output: v.stdout + v.stderr, code: v.exit_code, signal: v.signal,
    message: status === null ? null : v.message ?? (status === 'RE' ? `Process exited with code ${v.exit_code}` : v.status),
    status, cpu_time: Math.round(v.cpu_ms), wall_time: Math.round(v.wall_ms), memory: v.memory_kb * 1024,
  };
}

export async function registerPiston(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.get('/api/v2/runtimes', { schema: { description: 'Piston-compatible: the languages this server runs.' } }, async () => {
    const vs = runtimeVersions();
    return LANGUAGES.filter((l) => vs[l]).map((l) => ({ language: pistonName(l), version: vs[l], aliases: pistonAliases(l) }));
  });

  app.post<{ Body: Record<string, unknown> }>('/api/v2/execute', {
    schema: {
      description: 'Piston-compatible: run one program.',
      body: {
        type: 'object', required: ['language', 'files'],
        properties: {
          language: { type: 'string' }, version: { type: 'string' },
          files: { type: 'array', minItems: 1, items: { type: 'object', required: ['content'],
            properties: { name: { type: 'string' }, content: { type: 'string' }, encoding: { type: 'string', enum: ['utf8', 'base64', 'hex'] } } } },
          stdin: { type: 'string' }, args: { type: 'array', items: { type: 'string' } },
          compile_timeout: { type: 'number' }, run_timeout: { type: 'number' },
          compile_cpu_time: { type: 'number' }, run_cpu_time: { type: 'number' },
          compile_memory_limit: { type: 'number' }, run_memory_limit: { type: 'number' },
        },
      },
    },
  }, async (req, reply) => {
    const b = req.body;
    const name = String(b.language).toLowerCase();
    const lang = languageOf(name);
    const version = typeof b.version === 'string' ? b.version : '*';
    const vs = runtimeVersions();
    if (!lang || !vs[lang] || (version !== '*' && !vs[lang].startsWith(version.replace(/\.x$/, '').replace(/\*$/, '')))) {
      return pistonError(reply, `${b.language}-${version} runtime is unknown`);
    }
    const files = (b.files as { name?: string; content: string; encoding?: string }[]).map((f) => ({
      name: f.name, content: f.encoding === 'base64' || f.encoding === 'hex' ? Buffer.from(f.content, f.encoding).toString('utf8') : f.content,
    }));
    const extra: Record<string, string> = {};
    for (const f of files.slice(1)) {
      if (!f.name || !/^[\w.-]+$/.test(f.name) || f.name.startsWith('.')) return pistonError(reply, `file name ${JSON.stringify(f.name)} is not supported (plain names only)`);
      extra[f.name] = f.content;
    }
    const runMs = typeof b.run_cpu_time === 'number' && b.run_cpu_time > 0 ? b.run_cpu_time
      : typeof b.run_timeout === 'number' && b.run_timeout > 0 ? b.run_timeout : 3000;
    const memBytes = typeof b.run_memory_limit === 'number' && b.run_memory_limit > 0 ? b.run_memory_limit : 0;
    ctx.admit(req, 1);
    const v = await ctx.executor.run({
      language: lang, source: files[0].content, ...(typeof b.stdin === 'string' ? { stdin: b.stdin } : {}),
      ...(Array.isArray(b.args) && b.args.length ? { args: b.args as string[] } : {}), ...(Object.keys(extra).length ? { files: extra } : {}),
      limits: { timeout_ms: Math.min(runMs, 60_000), ...(memBytes ? { memory_mb: Math.max(16, Math.min(8192, Math.ceil(memBytes / (1 << 20)))) } : {}) },
    }, { signal: requestSignal(req) });
    const out: Record<string, unknown> = { language: pistonName(lang), version: vs[lang] };
    if (v.compile && v.compile.status !== 'none') {
      const err = v.status === 'compile_error';
      out.compile = { stdout: '', stderr: err ? v.compile.message ?? '' : '', output: err ? v.compile.message ?? '' : '', code: err ? 1 : 0,
        signal: null, message: err ? 'Compilation failed' : null, status: err ? 'RE' : null, cpu_time: Math.round(v.compile.ms), wall_time: Math.round(v.compile.ms), memory: 0 };
      if (err) return out;
    }
    out.run = stage(v);
    return out;
  });
}
