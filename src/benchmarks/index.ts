// loadBenchmark("<name>[:<path>]"): the benchmark loaders by name. Without a path the data file is
// looked up in the local data directories (dataDirs(): $RLCF_DATA_DIR, <state dir>/data, the
// shared/data directory beside the checkout), then fetched from the Hugging Face hub where the
// dataset has a known hub file (cached under <state dir>/hub); failing both, the error names the
// option to pass. Every command (eval, serve, sample, curate, decontam) resolves data this way.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultStateDir } from '../sandbox/paths.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Task } from './types.js';
import { loadApps, loadCodeContests, loadLiveCodeBench } from './apps.js';
import { loadEvalPlus } from './evalplus.js';
import { loadHumanEval } from './humaneval.js';
import { loadMbpp } from './mbpp.js';
import { MULTIPLE_LANGS, loadMultiplE } from './multipl-e.js';

export { BenchmarkDataError, fetchHubFile, parseHubId, readRecords, readSource } from './io.js';
export { HUMANEVAL_STOP, loadHumanEval } from './humaneval.js';
export { loadMbpp, mbppPrompt } from './mbpp.js';
export { ensureExpected, loadEvalPlus } from './evalplus.js';
export { loadMultiplE, multiplELanguage } from './multipl-e.js';
export { loadApps, loadAppsDir, loadCodeContests, loadLiveCodeBench, parseLcbArgs } from './apps.js';
export type { FunctionCase, Judgement, JudgeSpec, StdioCase, Task, TestVerdict } from './types.js';

export interface LoadOptions {
  /** EvalPlus: compute expected outputs now with this sandbox (else on first judge) */
  sandbox?: Sandbox;
  /** EvalPlus expected-output cache (default <state dir>/cache/evalplus-expected) */
  cacheDir?: string;
  /** where to look for data files when the spec has no path (default: dataDirs()) */
  dataDir?: string;
  /** try the Hugging Face hub when no local file is found (default true) */
  hub?: boolean;
  /** told where the data was read from (a file, or "bundled with rlcf" for builtin) */
  onSource?: (name: string, source: string) => void;
}

/** Local directories searched for benchmark files, in order: $RLCF_DATA_DIR, <state dir>/data, and
 * shared/data beside the rlcf checkout or the working directory (the layout of a development tree). */
export function dataDirs(): string[] {
  const here = dirname(fileURLToPath(import.meta.url)); // src/benchmarks or dist/benchmarks
  const dirs = [process.env.RLCF_DATA_DIR, join(defaultStateDir(), 'data'), resolve(here, '..', '..', '..', 'shared', 'data'),
    resolve(process.cwd(), '..', 'shared', 'data')];
  return [...new Set(dirs.filter((d): d is string => !!d && existsSync(d)))];
}

interface Entry {
  /** candidate file names under the data dir */
  files: string[];
  /** hub id (hf:<owner>/<name>/<file>) when the dataset is published there in this format */
  hub?: string;
  /** an example path for the error message */
  example: string;
  load: (source: string, opts: LoadOptions) => Promise<Task[]>;
}

function multiplEEntry(lang: string): Entry {
  return {
    files: [`multipl-e/humaneval-${lang}-reworded.jsonl`, `humaneval-${lang}-reworded.jsonl`, `multipl-e/humaneval-${lang}.jsonl`],
    hub: `hf:nuprl/MultiPL-E/humaneval-${lang}/test-00000-of-00001.parquet`,
    example: `/path/humaneval-${lang}-reworded.jsonl`,
    load: (s) => loadMultiplE(s),
  };
}

const REGISTRY: Record<string, Entry> = {
  humaneval: {
    files: ['HumanEval.jsonl.gz', 'HumanEval.jsonl', 'humaneval/HumanEval.jsonl.gz'],
    hub: 'hf:openai/openai_humaneval/openai_humaneval/test-00000-of-00001.parquet',
    example: '/path/HumanEval.jsonl.gz', load: (s) => loadHumanEval(s),
  },
  mbpp: {
    files: ['mbpp.jsonl', 'mbpp/mbpp.jsonl'],
    hub: 'hf:google-research-datasets/mbpp/full/test-00000-of-00001.parquet',
    example: '/path/mbpp.jsonl', load: (s) => loadMbpp(s, 'mbpp'),
  },
  'mbpp-sanitized': {
    files: ['sanitized-mbpp.json', 'mbpp/sanitized-mbpp.json'],
    hub: 'hf:google-research-datasets/mbpp/sanitized/test-00000-of-00001.parquet',
    example: '/path/sanitized-mbpp.json', load: (s) => loadMbpp(s, 'mbpp-sanitized'),
  },
  'humaneval-plus': {
    files: ['HumanEvalPlus.jsonl.gz', 'HumanEvalPlus.jsonl', 'evalplus/HumanEvalPlus.jsonl.gz'],
    example: '/path/HumanEvalPlus.jsonl.gz', load: (s, o) => loadEvalPlus(s, { ...o, benchmark: 'humaneval-plus' }),
  },
  'mbpp-plus': {
    files: ['MbppPlus.jsonl.gz', 'MbppPlus.jsonl', 'evalplus/MbppPlus.jsonl.gz'],
    example: '/path/MbppPlus.jsonl.gz', load: (s, o) => loadEvalPlus(s, { ...o, benchmark: 'mbpp-plus' }),
  },
  'multipl-e': { files: [], example: '/path/humaneval-ts-reworded.jsonl (or use multipl-e-<lang>)', load: (s) => loadMultiplE(s) },
  ...Object.fromEntries(MULTIPLE_LANGS.map((l) => [`multipl-e-${l}`, multiplEEntry(l)])),
  apps: { files: ['apps'], hub: 'hf:codeparrot/apps/test.jsonl', example: '/path/apps (problem dirs) or /path/test.jsonl', load: (s) => loadApps(s) },
  codecontests: {
    files: ['code_contests_test.jsonl', 'codecontests.jsonl', 'code_contests/test.jsonl'],
    example: '/path/code_contests_test.parquet', load: (s) => loadCodeContests(s),
  },
  // generated tasks (src/tasks): a file written by `rlcf tasks gen`, or families generated now
  tasks: { files: [], example: '/path/tasks.jsonl (written by rlcf tasks gen)', load: async (s) => (await import('../tasks/load.js')).loadTaskFile(s) },
  procedural: {
    files: [], example: 'caesar-shift,grid-bfs@7[/count][?difficulty=2] (rlcf tasks families lists the families)',
    load: async (s) => (await import('../tasks/load.js')).loadProcedural(s),
  },
  repobench: {
    files: [], example: 'snapshot:<id|pypi:name==ver|gomod:M@V|maven:G:A:V> or path:/path/to/repo[?max=50&seed=0&budget=15800&language=python|java|go] or /path/cross_file_first.parquet (RepoBench v1.1 rows)',
    load: async (s) => (await import('./repobench.js')).loadRepoBench(s),
  },
  livecodebench: {
    files: ['livecodebench.jsonl', 'livecodebench/test.jsonl'],
    hub: 'hf:livecodebench/code_generation_lite/test.jsonl',
    example: '/path/livecodebench/test.jsonl', load: (s) => loadLiveCodeBench(s),
  },
};

/** Benchmark names loadBenchmark accepts. */
export const BENCHMARKS = ['builtin', ...Object.keys(REGISTRY)];

/** Split "<name>[:<path>]" (the path may itself contain ':' as in hf: ids). */
export function parseBenchSpec(spec: string): { name: string; path?: string } {
  const i = spec.indexOf(':');
  const name = (i < 0 ? spec : spec.slice(0, i)).trim().toLowerCase();
  const path = i < 0 ? undefined : spec.slice(i + 1).trim() || undefined;
  return { name, path };
}

export async function loadBenchmark(spec: string, opts: LoadOptions = {}): Promise<Task[]> {
  const { name, path } = parseBenchSpec(spec);
  if (name === 'builtin') {
    if (path) throw new Error('the builtin benchmark takes no path');
    let mod: { loadBuiltin: () => Task[] };
    try {
      mod = (await import('./builtin.js' as string)) as { loadBuiltin: () => Task[] };
    } catch (e) {
      throw new Error(`the built-in suite is not available (src/benchmarks/builtin.ts): ${(e as Error).message}`);
    }
    opts.onSource?.(name, 'the suite bundled with rlcf');
    return mod.loadBuiltin();
  }
  const entry = REGISTRY[name];
  if (!entry) throw new UnknownBenchmark(name);
  const load = (source: string, shown = source) => entry.load(source, opts).then((tasks) => {
    opts.onSource?.(name, shown);
    return tasks;
  });
  if (path) return load(path);
  const dirs = opts.dataDir ? [opts.dataDir] : dataDirs();
  for (const dir of dirs) {
    for (const f of entry.files) {
      const p = join(dir, f);
      if (existsSync(p)) return load(p);
    }
  }
  const where = dirs.length ? `in ${dirs.join(', ')}` : '(no data directory: set RLCF_DATA_DIR or use <state dir>/data)';
  const hint = `pass --bench ${name}:${entry.example}` +
    (entry.files.length ? ` (or put ${entry.files[0]} in $RLCF_DATA_DIR or ${join(defaultStateDir(), 'data')})` : '');
  if (entry.hub && opts.hub !== false) {
    try {
      return await load(entry.hub, `${entry.hub} (Hugging Face hub, cached under ${join(defaultStateDir(), 'hub')})`);
    } catch (e) {
      throw new Error(`no local data for ${name} ${where} and the hub download failed: ${(e as Error).message}\n${hint}`);
    }
  }
  throw new Error(`no data for ${name} ${where}: ${hint}`);
}

/** A benchmark name rlcf does not know (a usage error wherever a benchmark is named). */
export class UnknownBenchmark extends Error {
  constructor(readonly benchmark: string) {
    super(`unknown benchmark ${JSON.stringify(benchmark)}; known: ${BENCHMARKS.join(', ')}`);
    this.name = 'UnknownBenchmark';
  }
}
