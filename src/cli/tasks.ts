// `rlcf tasks families` and `rlcf tasks gen`: procedural task families (src/tasks) → task files that
// load everywhere a benchmark does (`--bench tasks:<file>`, or `--bench procedural:<families>@<seed>`).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, type SandboxFlags, UsageError, addSandboxFlags, collect, openSandbox, positiveInt } from './options.js';
import { table } from './table.js';

/** Why a file could not be written, in words. */
export function writeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
}

interface GenFlags extends SandboxFlags {
  family?: string[];
  count: string;
  seed: string;
  language?: string[];
  knob?: string[];
  out?: string;
  verify?: boolean;
  json?: boolean;
}

function knobsOf(kvs: string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kv of kvs) {
    const m = /^([\w-]+)=(-?\d+)$/.exec(kv.trim());
    if (!m) throw new UsageError(`--knob must be name=integer (e.g. --knob difficulty=3), got ${JSON.stringify(kv)}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

async function genCmd(f: GenFlags): Promise<void> {
  const t = await import('../tasks/index.js');
  const families = (f.family ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  if (!families.length) throw new UsageError('give --family <name> (repeatable or comma-separated; "all" for every family; see rlcf tasks families)');
  if (!f.out) throw new UsageError('give --out <file.jsonl>');
  const names = families.includes('all') ? t.FAMILIES.map((x) => x.name) : families;
  const count = positiveInt(f.count, '--count');
  const languages = f.language?.flatMap((x) => x.split(',')) as never[] | undefined;
  let rows;
  const t0 = performance.now();
  try {
    rows = t.generateRows({ families: names, count, seed: f.seed, knobs: knobsOf(f.knob), ...(languages?.length ? { languages } : {}) });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const genMs = performance.now() - t0;
  try {
    writeFileSync(f.out, t.rowsJsonl(rows));
  } catch (e) {
    throw new UsageError(`--out ${f.out}: cannot write it: ${writeError(e)}`);
  }
  const summary: Record<string, unknown> = {
    out: f.out, rows: rows.length, families: names.length, count, seed: f.seed, generation_ms: Math.round(genMs),
    tasks_per_s: Math.round((names.length * count) / Math.max(genMs / 1000, 1e-6)),
  };
  if (f.verify) {
    const { verifyRows } = await import('../tasks/verify.js');
    const sb = await openSandbox(f);
    try {
      const r = await verifyRows(sb, rows);
      summary.verified_programs = r.programs;
      summary.problems = r.problems;
    } finally {
      await sb.close();
    }
  }
  if (f.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    process.stdout.write(`rlcf tasks gen: ${rows.length} rows (${names.length} families × ${count} tasks × languages) written to ${f.out} ` +
      `in ${summary.generation_ms} ms\n`);
    if (f.verify) {
      const problems = summary.problems as { id: string; language: string; program: string; problem: string }[];
      process.stdout.write(`verified ${summary.verified_programs} programs in the sandbox: ${problems.length ? `${problems.length} problems` : 'every reference passes, every wrong answer fails'}\n`);
      for (const p of problems) process.stdout.write(`  ${p.id} ${p.language} ${p.program}: ${p.problem}\n`);
    }
  }
  if (f.verify && (summary.problems as unknown[]).length) process.exitCode = EXIT.failed;
}

export function registerTasks(program: Command): void {
  const cmd = program.command('tasks').description('procedural task families: fresh, never-published tasks generated from a seed');
  cmd.command('families')
    .description('list the task families (name, shape, languages, knobs, recorded wrong answers)')
    .option('--json', 'print as JSON')
    .action(async (f: { json?: boolean }) => {
      const t = await import('../tasks/index.js');
      const infos = t.FAMILIES.map(t.familyInfo);
      if (f.json) {
        process.stdout.write(`${JSON.stringify(infos, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${table(['family', 'shape', 'summary', 'wrong answers'], infos.map((i) => [
        i.name, i.shape, i.summary, i.wrong.map((w) => w.name).join(', '),
      ]))}\n\n${infos.length} families in ${infos[0]?.languages.join(', ')}; every family takes --knob difficulty=1..3 and --knob cases=N (hidden random cases)\n`);
    });
  addSandboxFlags(cmd.command('gen')
    .description('generate tasks in rlcf\'s task format {id, prompt, language, tests, reference, wrong}; same seed → same file')
    .option('--family <names>', 'family name(s), repeatable or comma-separated; "all" for every family', collect)
    .option('--count <n>', 'tasks per family', '10')
    .option('--seed <s>', 'seed (any string)', '0')
    .option('--language <l>', 'only these languages (python, javascript, typescript, rust, go; repeatable)', collect)
    .option('--knob <name=value>', 'a knob, e.g. difficulty=3 or cases=50 (repeatable)', collect)
    .option('--out <file.jsonl>', 'where to write the rows')
    .option('--verify', 'run every reference and wrong answer in the sandbox: references must pass, wrong answers must fail (exit 1 otherwise)')
    .option('--json', 'print the summary as JSON'))
    .action(genCmd);
}
