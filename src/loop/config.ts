// The loop's config file (YAML or JSON): the policy and how a checkpoint is served, the task pools,
// sampling, curation, the trainer, the eval suites, the gates and the prices. Validated with zod;
// every problem is reported as `<path>: <what is wrong>` so a user can fix the file without reading
// this schema.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const posInt = z.number().int().positive();
const points = z.number().min(0).max(100);
const action = z.enum(['stop', 'rollback']);

/** A selection of tasks: a benchmark spec (`builtin`, `humaneval:<path>`...) or a plain tasks file,
 * optionally narrowed by language, a deterministic train/held-out split of task ids, and a limit. */
const selectorShape = {
  bench: z.string().min(1).optional(),
  tasks: z.string().min(1).optional(),
  languages: z.array(z.string().min(1)).optional(),
  /** train / heldout: a task id goes to heldout when sha256(seed:id) falls below heldout_fraction */
  split: z.enum(['train', 'heldout']).optional(),
  heldout_fraction: z.number().gt(0).lt(1).default(0.3),
  split_seed: z.string().default('rlcf'),
  /** tasks skipped before `limit` applies (two suites can take disjoint slices of one split) */
  offset: z.number().int().min(0).default(0),
  limit: posInt.optional(),
};
const selector = z.object(selectorShape).strict().refine((s) => !!s.bench !== !!s.tasks, { message: 'give exactly one of "bench" (a benchmark spec) or "tasks" (a tasks .jsonl file)' });

const suite = z.object({
  name: z.string().regex(/^[\w.-]+$/, 'a suite name is letters, digits, _ . -'),
  /** code: pass@1 through rlcf's eval pipeline; breadth: `rlcf eval --bench mmlu:<path> --json` and
   * one of its lm-eval metrics; command: any command printing {"value","ci95"?,"n"?} JSON */
  kind: z.enum(['code', 'breadth', 'command']).default('code'),
  ...selectorShape,
  n: posInt.default(1),
  temperature: z.number().min(0).max(2).default(0),
  /** stop strings added to completion-style tasks' own (e.g. "\n" for one-line bodies) */
  stop: z.array(z.string().min(1)).optional(),
  max_tokens: posInt.optional(),
  /** breadth: the lm-eval metric (acc, acc_norm) and task (default: the first result) */
  metric: z.string().default('pass@1'),
  task: z.string().optional(),
  command: z.string().optional(),
}).strict().superRefine((s, ctx) => {
  if (s.kind === 'command' && !s.command) ctx.addIssue({ code: 'custom', message: 'a "command" suite needs "command"' });
  if (s.kind === 'breadth' && !s.bench) ctx.addIssue({ code: 'custom', message: 'a "breadth" suite needs "bench" (e.g. mmlu:/data/mmlu)' });
  if (s.kind === 'code' && !!s.bench === !!s.tasks) ctx.addIssue({ code: 'custom', message: 'a "code" suite needs exactly one of "bench" or "tasks"' });
});

const serve = z.object({
  /** (re)starts the OpenAI-compatible server on {checkpoint}; run detached, stopped before the next one */
  command: z.string().min(1),
  ready_timeout_s: z.number().positive().default(300),
}).strict();

export const LoopConfigSchema = z.object({
  name: z.string().regex(/^[\w.-]+$/, 'a loop name is letters, digits, _ . -'),
  rounds: posInt,
  state_dir: z.string().optional(),
  policy: z.object({
    base_url: z.string().url(),
    /** the served model name sent in requests */
    model: z.string().min(1),
    api: z.enum(['chat', 'completions']).default('chat'),
    /** round 0's weights (a path or a name the serve command understands) */
    checkpoint: z.string().min(1),
    serve: serve.optional(),
    concurrency: posInt.default(4),
    timeout_s: z.number().positive().default(600),
  }).strict(),
  tasks: z.array(selector).min(1, 'at least one task pool'),
  sampling: z.object({
    n: posInt.default(4),
    temperature: z.number().min(0).max(2).default(0.8),
    max_tokens: posInt.default(512),
    top_p: z.number().gt(0).max(1).optional(),
    system: z.string().optional(),
    /** stop strings added to completion-style tasks' own */
    stop: z.array(z.string().min(1)).optional(),
  }).strict().default({ n: 4, temperature: 0.8, max_tokens: 512 }),
  curation: z.object({
    format: z.enum(['openai', 'trl', 'trl-chat', 'messages', 'verl']).default('trl'),
    k_per_task: posInt.default(1),
    prefer: z.enum(['shortest', 'fastest', 'first']).default('shortest'),
    /** decontaminate against every eval suite's tasks (always) and these benchmarks too */
    against: z.array(z.string()).default([]),
    decontam: z.boolean().default(true),
    /** decontamination n-gram size and shared n-grams that flag a row (as `rlcf curate --ngram --min-overlap`) */
    ngram: posInt.default(8),
    min_overlap: posInt.default(1),
  }).strict().default({ format: 'trl', k_per_task: 1, prefer: 'shortest', against: [], decontam: true, ngram: 8, min_overlap: 1 }),
  trainer: z.object({
    /** placeholders: {checkpoint} {data_dir} {sft} {dpo} {repair} {rl} {out} {round} {python} {scripts} {rlcf} */
    command: z.string().min(1),
    /** the curated set the trainer consumes (rl: rl.parquet, curation.format verl): none → no training */
    data: z.enum(['sft', 'dpo', 'repair', 'rl']).default('sft'),
    timeout_s: z.number().positive().default(7200),
  }).strict(),
  eval: z.array(suite).min(1, 'at least one eval suite'),
  gates: z.object({
    breadth: z.array(z.object({
      suite: z.string(),
      /** a drop below round 0 of more than this many points, significant at 95%, fires */
      max_drop_points: points,
      action: action.default('rollback'),
    }).strict()).default([]),
    overfitting: z.object({
      public: z.string(),
      fresh: z.string(),
      /** fires when (public − fresh) grows by more than this many points over round 0's gap */
      max_gap_growth_points: points,
      action: action.default('stop'),
    }).strict().optional(),
    plateau: z.object({
      suite: z.string(),
      /** an improvement smaller than this over the best earlier round counts as none */
      min_delta_points: points.default(0),
      /** rounds without improvement before the gate fires */
      patience: posInt.default(1),
      action: action.default('stop'),
    }).strict().optional(),
  }).strict().default({ breadth: [] }),
  /** USD (cost.ts): a missing price leaves that part of the bill unknown (null), never 0 */
  prices: z.object({
    input_per_mtok: z.number().min(0).optional(),
    output_per_mtok: z.number().min(0).optional(),
    sandbox_cpu_hour: z.number().min(0).optional(),
    gpu_hour: z.number().min(0).optional(),
    trainer_hour: z.number().min(0).optional(),
  }).strict().default({}),
}).strict().superRefine((c, ctx) => {
  if (c.trainer.data === 'rl' && c.curation.format !== 'verl') {
    ctx.addIssue({ code: 'custom', path: ['trainer', 'data'], message: 'trainer.data "rl" reads rl.parquet, which curation.format "verl" writes' });
  }
  const names = new Set<string>();
  c.eval.forEach((s, i) => {
    if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['eval', i, 'name'], message: `duplicate suite name "${s.name}"` });
    names.add(s.name);
  });
  const known = (n: string, path: (string | number)[]) => {
    if (!names.has(n)) ctx.addIssue({ code: 'custom', path, message: `no eval suite named "${n}" (suites: ${[...names].join(', ')})` });
  };
  c.gates.breadth.forEach((g, i) => known(g.suite, ['gates', 'breadth', i, 'suite']));
  if (c.gates.overfitting) {
    known(c.gates.overfitting.public, ['gates', 'overfitting', 'public']);
    known(c.gates.overfitting.fresh, ['gates', 'overfitting', 'fresh']);
  }
  if (c.gates.plateau) known(c.gates.plateau.suite, ['gates', 'plateau', 'suite']);
});

export type LoopConfig = z.infer<typeof LoopConfigSchema>;
export type SuiteConfig = LoopConfig['eval'][number];
export type TaskSelector = LoopConfig['tasks'][number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse and validate a config file's text; relative paths in it stay as written (resolved against
 * the file's folder by `resolvePaths`). */
export function parseConfig(text: string, file: string): LoopConfig {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = LoopConfigSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new ConfigError(`${file}: invalid loop config:\n${lines.join('\n')}`);
  }
  return r.data;
}

/** File paths inside the config are relative to the config file's folder. */
function resolvePaths(c: LoopConfig, base: string): LoopConfig {
  // `name:<path>` when the path exists beside the config; other specs (procedural:a,b@7, hf:...) as written
  const spec = (s: string | undefined) => {
    if (!s) return s;
    const i = s.indexOf(':');
    if (i <= 0 || s.startsWith('hf:')) return s;
    const rest = s.slice(i + 1);
    return !isAbsolute(rest) && existsSync(resolve(base, rest)) ? `${s.slice(0, i)}:${resolve(base, rest)}` : s;
  };
  const file = (s: string | undefined) => (s ? resolve(base, s) : s);
  return {
    ...c,
    state_dir: file(c.state_dir),
    tasks: c.tasks.map((t) => ({ ...t, bench: spec(t.bench), tasks: file(t.tasks) })),
    eval: c.eval.map((s) => ({ ...s, bench: spec(s.bench), tasks: file(s.tasks) })),
    curation: { ...c.curation, against: c.curation.against.map((a) => spec(a)!) },
  };
}

export function loadConfig(file: string): LoopConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the loop config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return resolvePaths(parseConfig(text, file), dirname(resolve(file)));
}

/** `{name}` placeholders filled in, each value shell-quoted; an unknown placeholder is an error. */
export function render(template: string, vars: Record<string, string | number>, what: string): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (!(k in vars)) throw new ConfigError(`${what}: unknown placeholder {${k}} (known: ${Object.keys(vars).map((v) => `{${v}}`).join(' ')})`);
    return shellQuote(String(vars[k]));
  });
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
