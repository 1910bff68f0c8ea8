// `rlcf run`: one file, or a JSONL batch at full parallelism.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Language, Limits, Submission, Verdict } from '../sandbox/types.js';
import { type SandboxFlags, UsageError, addSandboxFlags, inputFile, openSandbox, positiveInt } from './options.js';
import { Progress } from './progress.js';

/** The language registry loads every descriptor: only when running. */
const languages = () => import('../sandbox/languages/index.js');

interface RunFlags extends SandboxFlags {
  lang?: string;
  stdinFile?: string;
  timeoutMs?: string;
  memoryMb?: string;
  json?: boolean;
  batch?: string;
  out?: string;
  typecheck?: boolean;
  progress?: boolean;
}

export function registerRun(program: Command): void {
  addSandboxFlags(program.command('run [file]')
    .description('run a program in the sandbox (or a JSONL batch with --batch) and print its verdict')
    .option('--lang <language>', 'language (default: from the file extension)')
    .option('--stdin-file <file>', 'file to feed on stdin')
    .option('--timeout-ms <n>', 'CPU time limit in ms (default 2000)')
    .option('--memory-mb <n>', 'memory limit in MiB (default 256)')
    .option('--typecheck', 'TypeScript: type-check with tsc before running')
    .option('--json', 'print the verdict as one JSON object')
    .option('--batch <in.jsonl>', 'run every line {"id","language","source","stdin"?,"timeout_ms"?,"memory_mb"?}')
    .option('--out <out.jsonl>', 'with --batch: write verdict lines here (default: stdout)')
    .option('--no-progress', 'with --batch: no progress bar'))
    .action(async (file: string | undefined, f: RunFlags) => {
      if (f.batch) return runBatch(f);
      if (!file) throw new UsageError('give a file to run (rlcf run prog.py), or --batch <in.jsonl>');
      return runOne(file, f);
    });
}

/** Limits from flags (names: --timeout-ms, --memory-mb) or a batch line's fields (timeout_ms, memory_mb). */
export function limitsFrom(timeout: unknown, memory: unknown, names: [string, string] = ['--timeout-ms', '--memory-mb']): Partial<Limits> {
  const l: Partial<Limits> = {};
  if (timeout !== undefined && timeout !== null) l.timeout_ms = positiveInt(String(timeout), names[0]);
  if (memory !== undefined && memory !== null) l.memory_mb = positiveInt(String(memory), names[1]);
  return l;
}

async function runOne(file: string, f: RunFlags): Promise<void> {
  const source = readFileSync(inputFile(file, 'cannot read'), 'utf8');
  const langs = await languages();
  const langName = f.lang ?? langs.languageOfFile(file);
  if (!langName) throw new UsageError(`cannot tell the language of ${file}: pass --lang (${langs.acceptedLanguages()})`);
  const limits = limitsFrom(f.timeoutMs, f.memoryMb);
  const stdin = f.stdinFile ? readFileSync(inputFile(f.stdinFile, '--stdin-file'), 'utf8') : undefined;
  let language: Language;
  try {
    language = langs.resolveLanguage(langName);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const sub: Submission = {
    language, source, stdin, typecheck: !!f.typecheck,
    mode: language === 'go' && file.endsWith('_test.go') ? 'test' : 'run',
    limits,
  };
  // one program: one slot, and only its language's toolchain looked up
  const sb = await openSandbox(f, { languages: [language], slots: 1 });
  try {
    if (language === 'go' || language === 'cpp') {
      const { defaultStateDir } = await import('../sandbox/paths.js');
      for (const n of await (await import('./first-build.js')).firstBuildNotes([language], defaultStateDir())) process.stderr.write(`rlcf: ${n}\n`);
    }
    const v = await sb.run(sub);
    if (f.json) {
      process.stdout.write(`${JSON.stringify(v)}\n`);
    } else {
      process.stdout.write(v.stdout);
      if (v.stderr) process.stderr.write(v.stderr.endsWith('\n') ? v.stderr : `${v.stderr}\n`);
      process.stderr.write(`${summary(v)}\n`);
    }
    process.exitCode = v.status === 'ok' ? 0 : 1;
    if (sb.backgroundBuilds) {
      // closing now would kill it, and every later run would compile without it
      process.stderr.write('rlcf: finishing the precompiled <bits/stdc++.h> for later C++ compiles (once per toolchain)\n');
      await sb.settle();
    }
  } finally {
    await sb.close();
  }
}

export function summary(v: Verdict): string {
  const parts = [`status=${v.status}`, `exit=${v.exit_code ?? '-'}`];
  if (v.signal) parts.push(`signal=${v.signal}`);
  parts.push(`cpu=${v.cpu_ms}ms`, `wall=${v.wall_ms}ms`, `mem=${Math.round(v.memory_kb / 1024)}MiB`);
  if (v.compile && v.compile.status !== 'none') parts.push(`compile=${v.compile.status}${v.compile.ms ? `(${v.compile.ms}ms)` : ''}`);
  if (v.time_limit) parts.push(`limit=${v.time_limit.kind}${v.time_limit.under_load ? ',under_load' : ''}`);
  if (v.truncated) parts.push('truncated');
  if (v.controls_missing.length) parts.push(`missing_controls=${v.controls_missing.join(',')}`);
  if (v.message && v.status !== 'ok') parts.push(`(${v.message})`);
  return `rlcf: ${parts.join(' ')}`;
}

interface BatchLine extends Submission {
  id: string;
}

async function* readBatch(path: string, errors: { id: string; line: number; message: string }[]): AsyncGenerator<BatchLine> {
  const { resolveLanguage } = await languages();
  const rl = createInterface({ input: path === '-' ? process.stdin : createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    if (!raw.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw);
      if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not a JSON object');
      if (typeof o.source !== 'string') throw new Error('"source" must be a string');
      if (typeof o.language !== 'string') throw new Error('"language" must be a string');
      if (o.stdin !== undefined && o.stdin !== null && typeof o.stdin !== 'string') throw new Error('"stdin" must be a string');
      const language = resolveLanguage(o.language);
      yield {
        id: o.id === undefined ? String(n) : String(o.id), language, source: o.source,
        stdin: (o.stdin as string | undefined) ?? undefined,
        limits: limitsFrom(o.timeout_ms, o.memory_mb, ['timeout_ms', 'memory_mb']),
        mode: o.mode === 'test' ? 'test' : 'run',
        typecheck: o.typecheck === true,
      };
    } catch (e) {
      errors.push({ id: o! && typeof o! === 'object' && o!.id !== undefined ? String(o!.id) : String(n), line: n, message: (e as Error).message });
    }
  }
}

async function runBatch(f: RunFlags): Promise<void> {
  if (f.batch !== '-') inputFile(f.batch!, '--batch');
  const sb = await openSandbox(f);
  const out = f.out ? createWriteStream(f.out) : process.stdout;
  const errors: { id: string; line: number; message: string }[] = [];
  const bar = new Progress(null, 'run', f.progress !== false);
  const counts: Record<string, number> = {};
  // A bad line gets an output line of its own (nothing is silently dropped) and a message.
  const flushErrors = () => {
    for (const e of errors.splice(0)) {
      out.write(`${JSON.stringify({ id: e.id, status: 'invalid_input', message: `line ${e.line}: ${e.message}` })}\n`);
      process.stderr.write(`rlcf: ${f.batch} line ${e.line}: ${e.message}\n`);
      counts.invalid_input = (counts.invalid_input ?? 0) + 1;
    }
  };
  try {
    for await (const r of sb.stream(readBatch(f.batch!, errors))) {
      const { id } = r.submission;
      counts[r.verdict.status] = (counts[r.verdict.status] ?? 0) + 1;
      out.write(`${JSON.stringify({ id, ...r.verdict })}\n`);
      bar.tick(r.verdict.status === 'ok');
      flushErrors();
    }
    flushErrors();
    bar.finish();
    process.stderr.write(`rlcf: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  } finally {
    if (out !== process.stdout) await new Promise<void>((res) => (out as NodeJS.WritableStream).end(res));
    await sb.close();
  }
  if (counts.invalid_input) process.exitCode = 2;
}
