// A model in `rlcf repo synth` (`--model <provider:spec>`):
// - `--strategies lm-rewrite` (SWE-smith's LM rewrite): the model rewrites a function from its
//   signature and docstring (the body removed); its answer, sanitised (src/judge/sanitize.ts) and
//   parse-checked in the sandbox (agent/rlcf_synth_lm.py), replaces the function. The candidate is
//   validated like any other (synth.ts): kept only when some test notices the rewrite and some not.
// - model-written problem statements (R2E-Gym's back-translation): from the failing tests' names,
//   messages and source (never the bug's diff, file or function), the model writes an issue; on a
//   model error or an empty answer the template's statement is used, and `synth.statement` says which.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sanitize } from '../judge/sanitize.js';
import type { ModelProvider } from '../models/types.js';
import type { RepoEnv } from './env.js';
import type { SweInstance } from './formats.js';
import { hash32 } from '../tasks/rng.js';
import { type Candidate, type Drawn, pythonHelper, type SynthOptions, type SynthSummary, synthesize } from './synth.js';
import { statementContext } from './synth-lm-text.js';

export const LM_STRATEGY = 'lm-rewrite';

interface Listed { id: string; file: string; function: string; lineno: number; end_lineno: number; indent: number; stub: string; docstring: boolean; imports: string }
interface Applied { id: string; ok: boolean; reason?: string; detail?: string; bug_patch?: string; gold_patch?: string }

export interface LmStats {
  model: string; asked: number; model_error: number; empty: number; unparsable: number; no_function: number; unchanged: number; candidates: number;
  errors: string[];
}

/** agent/rlcf_synth_lm.py in the sandbox (synth.ts pythonHelper); `answers`: a host directory of model answers */
const helper = (snapDir: string, args: string[], stateDir?: string, answers?: string) =>
  pythonHelper(snapDir, 'rlcf_synth_lm.py', [...args, '--root', '/testbed'],
    { stateDir, ro: answers ? [{ src: answers, dest: '/rlcf-answers' }] : [], what: 'the LM rewrite helper' });

export function rewritePrompt(repo: string, l: Listed): string {
  return [`In the Python repository ${repo}, the file ${l.file} imports:`, '', '```python', l.imports.trimEnd(), '```', '',
    `Implement the function \`${l.function}\` below: keep its name, decorators and signature, write its body. ` +
    'Reply with the whole function in one ```python code block.', '', '```python', l.stub.trimEnd(), '```', ''].join('\n');
}

export interface LmOptions { seed: string; limit: number; repo: string; stateDir?: string; temperature?: number; max_tokens?: number; log?: (s: string) => void }

/** The draw hook for synth.ts: functions listed in the sandbox, rewritten by the model, applied and
 * parse-checked in the sandbox. `stats` counts what became of each model answer. */
export function lmDraw(model: ModelProvider, o: LmOptions, stats: LmStats): (snapDir: string, env: RepoEnv) => Promise<Drawn> {
  return async (snapDir, env) => {
    if (env.language !== 'python') throw new Error(`lm-rewrite rewrites Python functions; this is a ${env.language} repository`);
    const l = await helper(snapDir, ['list', '--seed', o.seed, '--limit', String(o.limit)], o.stateDir) as { functions: number; listed: Listed[] };
    stats.asked = l.listed.length;
    // a seed per function from the synthesis seed: a sampling server that honours it answers the same
    const seedOf = (s: string) => hash32(s) % 2 ** 31;
    const answers = await Promise.all(l.listed.map(async (f) => {
      const prompt = rewritePrompt(o.repo, f);
      try {
        const [g] = await model.generate({ prompt, style: 'instruction', n: 1, temperature: o.temperature ?? 0.8, max_tokens: o.max_tokens ?? 2048,
          seed: seedOf(`${o.seed}:${f.id}`), language: 'python', task_id: f.id,
          system: 'You are an expert Python developer. You implement functions from their signature and docstring.' });
        if (!g?.text.trim()) return { f, empty: true as const };
        // code fences, think blocks, prose around the code: the judge's sanitiser, as for any model answer
        const s = sanitize(g.text, { prompt: f.stub, style: 'instruction', language: 'python', entry_point: f.function, stop_tokens: [] });
        return { f, code: s.code, steps: s.steps };
      } catch (e) {
        const msg = (e as Error).message.split('\n')[0].slice(0, 300);
        if (stats.errors.length < 5) stats.errors.push(msg);
        return { f, error: msg };
      }
    }));
    const ok = answers.filter((a): a is typeof a & { code: string; steps: string[] } => 'code' in a && a.code !== undefined);
    stats.model_error = answers.filter((a) => 'error' in a).length;
    stats.empty = answers.filter((a) => 'empty' in a).length;
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-synth-lm-'));
    let applied: Applied[];
    try {
      // the sandbox runs as another user: the (not secret) answers must be readable to it
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'answers.json'), JSON.stringify(ok.map(({ f, code }) => ({ ...f, code }))), { mode: 0o644 });
      applied = ((await helper(snapDir, ['apply', '--answers', '/rlcf-answers/answers.json'], o.stateDir, dir)) as { results: Applied[] }).results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const candidates: Candidate[] = [];
    for (const [i, r] of applied.entries()) {
      const { f, steps } = ok[i];
      if (r.id !== f.id) throw new Error(`the LM rewrite helper answered for ${r.id}, expected ${f.id}`);
      if (!r.ok) {
        // a file the listing parsed and the apply step cannot read again counts with the unparsable
        const k = r.reason === 'no_function' || r.reason === 'unchanged' ? r.reason : 'unparsable';
        stats[k]++;
        o.log?.(`${LM_STRATEGY} ${f.file}:${f.lineno} ${f.function}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`);
        continue;
      }
      candidates.push({ id: f.id, file: f.file, function: f.function, lineno: f.lineno, strategy: LM_STRATEGY,
        description: `${f.function} rewritten by ${model.id} from its signature${f.docstring ? ' and docstring' : ''}`,
        bug_patch: r.bug_patch!, gold_patch: r.gold_patch!, meta: { model: model.id, sanitize: steps } });
    }
    stats.candidates = candidates.length;
    return { functions: l.functions, sites: { [LM_STRATEGY]: l.listed.length }, candidates };
  };
}

/** the statement hook for synth.ts: the model's issue, or the template's on an error */
export function lmStatement(model: ModelProvider, o: { max_tokens?: number; seed: string }): NonNullable<SynthOptions['statement']> {
  return async ({ c, f2p, raw, repo, snapDir, language }) => {
    const prompt = statementContext(repo, f2p, raw, snapDir, language);
    try {
      const [g] = await model.generate({ prompt, style: 'instruction', n: 1, temperature: 0.7, max_tokens: o.max_tokens ?? 1024, task_id: `statement:${c.id}`,
        system: 'You write GitHub issues for software libraries, as a user who hit a bug would.' });
      const text = cleanStatement(g?.text ?? '');
      if (!text) return { text: '', meta: { statement: { source: 'template', model: model.id, error: 'empty answer' } } };
      return { text: `${text}\n`, meta: { statement: { source: 'model', model: model.id } } };
    } catch (e) {
      return { text: '', meta: { statement: { source: 'template', model: model.id, error: (e as Error).message.split('\n')[0].slice(0, 300) } } };
    }
  };
}

/** think blocks out, a reply wrapped whole in one markdown fence unwrapped, at most 6,000 characters */
export function cleanStatement(s: string): string {
  let t = s.replace(/\r\n?/g, '\n').replace(/<think>[\s\S]*?<\/think>/g, '').trim();
  const m = /^(`{3,}|~{3,})(?:markdown|md|text)?\n([\s\S]*?)\n\1$/.exec(t);
  if (m) t = m[2].trim();
  return t.slice(0, 6000).trim();
}

export type LmSynthOptions = Omit<SynthOptions, 'draw' | 'strategies'> & { model: ModelProvider; temperature?: number };

/** `rlcf repo synth <snapshot> --strategies lm-rewrite --model <spec>` */
export async function synthesizeLm(o: LmSynthOptions): Promise<{ instances: (SweInstance & { synth: object })[]; summary: SynthSummary & { lm: LmStats } }> {
  const stats: LmStats = { model: o.model.id, asked: 0, model_error: 0, empty: 0, unparsable: 0, no_function: 0, unchanged: 0, candidates: 0, errors: [] };
  const draw = lmDraw(o.model, { seed: o.seed, limit: o.tries ?? 4 * o.max, repo: o.repo ?? 'this repository', stateDir: o.stateDir,
    temperature: o.temperature, log: o.log }, stats);
  const r = await synthesize({ ...o, strategies: [LM_STRATEGY], draw });
  return { instances: r.instances, summary: { ...r.summary, lm: stats } };
}
