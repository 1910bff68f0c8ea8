// RepoBench-style next-line completion (issue 15): `--bench repobench:<source>[?options]` where the
// source is a repository snapshot (`snapshot:<id or source>`, from `rlcf repo import`), a repository
// directory (`path:<dir>` or a bare directory: tasks are built from it, see
// src/tasks/repobench/build.ts) or a file of RepoBench v1.1 rows (jsonl/json/parquet; fields
// repo_name, file_path, context, import_statement, cropped_code, next_line, gold_snippet_index, level).
// Options: max=<tasks per setting> seed=<s> budget=<prompt tokens, default 15800> setting=<one of the
// three> language=<python|java|go: which files a directory's tasks are built from (default: the
// language with the most files); for rows files, the prompt's comment syntax>. Judged by the next_line judge (no execution).
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Task } from './types.js';
import { readSource } from './io.js';
import { listSourceFiles } from '../tasks/repobench/common.js';
import { SETTINGS, type RepoBenchRow, approxTokens, constructPrompt, levelOf } from '../tasks/repobench/prompt.js';

const LANGS = ['python', 'java', 'go'];

interface Options {
  max?: number;
  seed?: string;
  budget: number;
  setting?: string;
  language?: string;
}

function parseSpec(spec: string): { source: string; o: Options } {
  const q = spec.lastIndexOf('?');
  const source = (q >= 0 ? spec.slice(0, q) : spec).replace(/^path:/, '');
  const o: Options = { budget: 15800 };
  for (const kv of (q >= 0 ? spec.slice(q + 1) : '').split('&').filter(Boolean)) {
    const [k, v = ''] = kv.split('=');
    if (k === 'max' || k === 'budget') {
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`repobench option ${k} must be a positive integer, got ${JSON.stringify(v)}`);
      o[k] = Number(v);
    } else if (k === 'seed') o.seed = v;
    else if (k === 'setting') {
      if (!(SETTINGS as readonly string[]).includes(v)) throw new Error(`repobench option setting must be one of ${SETTINGS.join(', ')}, got ${JSON.stringify(v)}`);
      o.setting = v;
    } else if (k === 'language') {
      if (!LANGS.includes(v)) throw new Error(`repobench option language must be one of ${LANGS.join(', ')}, got ${JSON.stringify(v)}`);
      o.language = v;
    }
    else throw new Error(`unknown repobench option ${JSON.stringify(k)}; options: max, seed, budget, setting, language (e.g. repobench:path:/repo?max=20&seed=1)`);
  }
  return { source, o };
}

function taskOf(row: RepoBenchRow, i: number, o: Options, line?: number): Task {
  const language = (o.language ?? (row.file_path.endsWith('.java') ? 'java' : row.file_path.endsWith('.go') ? 'go' : 'python')) as Task['language'];
  const prompt = constructPrompt(row, language, o.budget);
  const setting = row.setting ?? 'unknown';
  return {
    id: line !== undefined ? `${setting}/${row.file_path}:${line}` : `${setting}/${i}`,
    benchmark: 'repobench', language, style: 'completion', prompt,
    judge: { kind: 'next_line', next_line: row.next_line },
    reference: row.next_line,
    meta: { setting, repo_name: row.repo_name, file_path: row.file_path, gold_snippet_index: row.gold_snippet_index, level: row.level ?? levelOf(approxTokens(prompt)) },
  };
}

function rowOf(r: Record<string, unknown>, setting: string | undefined): RepoBenchRow {
  for (const k of ['repo_name', 'file_path', 'import_statement', 'cropped_code', 'next_line']) {
    if (typeof r[k] !== 'string') throw new Error(`a RepoBench row needs a string "${k}"`);
  }
  const ctx = Array.isArray(r.context) ? r.context : [];
  return {
    repo_name: r.repo_name as string, file_path: r.file_path as string, import_statement: r.import_statement as string,
    cropped_code: r.cropped_code as string, next_line: r.next_line as string,
    context: ctx.map((c) => {
      const x = c as Record<string, unknown>;
      return { identifier: String(x.identifier ?? ''), path: String(x.path ?? ''), snippet: String(x.snippet ?? '') };
    }),
    gold_snippet_index: typeof r.gold_snippet_index === 'number' ? r.gold_snippet_index : Number(r.gold_snippet_index ?? -1),
    ...(typeof r.level === 'string' ? { level: r.level } : {}),
    ...(typeof r.setting === 'string' ? { setting: r.setting } : setting ? { setting } : {}),
  };
}

/** A directory's language when `language=` is not given: the one with the most source files. */
function detectLanguage(dir: string): string {
  const count = (ext: string) => listSourceFiles(dir, ext).length;
  const n = LANGS.map((l) => [l, count(l === 'python' ? '.py' : `.${l}`)] as const).sort((a, b) => b[1] - a[1]);
  if (!n[0][1]) throw new Error(`repobench: no Python, Java or Go files under ${dir}; give a repository of one of them (or language=python|java|go)`);
  return n[0][0];
}

export async function loadRepoBench(spec: string): Promise<Task[]> {
  const parsed = parseSpec(spec);
  const { o } = parsed;
  let { source } = parsed;
  let repoName: string | undefined;
  if (source.startsWith('snapshot:')) {
    // a repository snapshot of `rlcf repo import` (src/repo): by id, id prefix or the source it came from
    const ref = source.slice('snapshot:'.length);
    const { resolveSnapshot } = await import('../repo/store.js');
    source = resolveSnapshot(ref).dir;
    repoName = ref;
  }
  if (!existsSync(source)) throw new Error(`repobench: ${source} does not exist; give a repository directory (repobench:path:<dir>) or a RepoBench v1.1 rows file`);
  if (statSync(source).isDirectory()) {
    const language = o.language ?? detectLanguage(source);
    const build = language === 'java' ? (await import('../tasks/repobench/build-java.js')).buildRepoBenchJava
      : language === 'go' ? (await import('../tasks/repobench/build-go.js')).buildRepoBenchGo
        : (await import('../tasks/repobench/build.js')).buildRepoBench;
    const rows = build(source, { max: o.max, seed: o.seed, ...(repoName ? { repoName } : {}) });
    return rows.filter((r) => !o.setting || r.setting === o.setting).map((r, i) => taskOf(r, i, o, r.line));
  }
  // the Hugging Face splits are the settings: take it from the file name when the rows do not say
  const fromName = SETTINGS.find((s) => basename(source).includes(s));
  const { BenchmarkDataError } = await import('./io.js');
  const rows = (await readSource(source)).map((r) => {
    try {
      return rowOf(r.row, fromName);
    } catch (e) {
      throw new BenchmarkDataError(r.file, r.line, (e as Error).message);
    }
  });
  const kept = rows.filter((r) => !o.setting || r.setting === o.setting);
  return (o.max ? kept.slice(0, o.max) : kept).map((r, i) => taskOf(r, i, o));
}
