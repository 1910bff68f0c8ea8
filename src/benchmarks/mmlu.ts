// MMLU (cais/mmlu) as lm-evaluation-harness 0.4.x's `mmlu` group scores it: one task per subject
// (mmlu_<subject>), the test split, the prompt "<description><shots><question>\nA. ..\nB. ..\nC. ..
// \nD. ..\nAnswer:" where the description is "The following are multiple choice questions (with
// answers) about <subject with spaces>.\n\n", and the choices " A" .. " D" scored by log-likelihood
// (acc). Shots (0 by default) are the first n items of the subject's dev split, each followed by its
// answer letter and a blank line (lm-eval's first_n sampler).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ChoiceItem } from './choice.js';
import { goldIndex, readSplit, siblingSplit, splitFiles, str, strList } from './choice.js';
import { BenchmarkDataError, type Located, readRecords } from './io.js';

const LETTERS = ['A', 'B', 'C', 'D'];
const EXAMPLE = 'a cais/mmlu folder (<subject>/test-00000-of-00001.parquet, <subject>/dev-00000-of-00001.parquet), one subject\'s folder, or a test file';

export const mmluDescription = (subject: string): string =>
  `The following are multiple choice questions (with answers) about ${subject.split('_').join(' ')}.\n\n`;

/** lm-eval's doc_to_text for MMLU (its `{{question.strip()}}` strips Python whitespace). */
export function mmluQuestion(question: string, choices: string[]): string {
  return `${question.trim()}\n${choices.map((c, i) => `${LETTERS[i]}. ${c}`).join('\n')}\nAnswer:`;
}

interface Doc {
  row: Located;
  subject: string;
  question: string;
  choices: string[];
  answer: number;
}

function doc(r: Located, fallbackSubject: string): Doc {
  const choices = strList(r, 'choices', 4);
  if (choices.length !== 4) throw new BenchmarkDataError(r.file, r.line, `MMLU items have 4 choices, this one has ${choices.length}`);
  const a = r.row.answer;
  const answer = typeof a === 'number' ? a : typeof a === 'string' && LETTERS.includes(a) ? LETTERS.indexOf(a) : Number.NaN;
  const subject = typeof r.row.subject === 'string' && r.row.subject ? r.row.subject : fallbackSubject;
  return { row: r, subject, question: str(r, 'question'), choices, answer: goldIndex(r, answer, 4, `answer ${JSON.stringify(a)}`) };
}

/** (test file, dev file or null, subject from the folder name) for each subject under `path`. */
function subjectFiles(path: string): { test: string[]; dev: string[]; subject: string }[] {
  if (!statSync(path).isDirectory()) {
    const dev = siblingSplit(path, 'test', 'dev');
    return [{ test: [path], dev: dev ? [dev] : [], subject: basename(dirname(path)) }];
  }
  const here = splitFiles(path, 'test');
  if (here.length) return [{ test: here, dev: splitFiles(path, 'dev'), subject: basename(path) }];
  const subs = readdirSync(path).filter((d) => !['all', 'auxiliary_train'].includes(d) && splitFiles(join(path, d), 'test').length).sort();
  if (!subs.length && existsSync(join(path, 'all'))) return [{ test: splitFiles(join(path, 'all'), 'test'), dev: splitFiles(join(path, 'all'), 'dev'), subject: 'all' }];
  return subs.map((d) => ({ test: splitFiles(join(path, d), 'test'), dev: splitFiles(join(path, d), 'dev'), subject: d }));
}

export async function loadMmlu(path: string, numFewshot = 0): Promise<ChoiceItem[]> {
  if (!existsSync(path)) throw new BenchmarkDataError(path, null, `not found (expected ${EXAMPLE})`);
  const groups = subjectFiles(path);
  if (!groups.length) await readSplit(path, 'test', [], EXAMPLE); // throws the "no test split" error
  const items: ChoiceItem[] = [];
  for (const g of groups) {
    const tests: Doc[] = [];
    for (const f of g.test) for (const r of await readRecords(f)) tests.push(doc(r, g.subject));
    const devBySubject = new Map<string, Doc[]>();
    if (numFewshot > 0) {
      if (!g.dev.length) {
        throw new BenchmarkDataError(g.test[0], null, `few-shot needs the dev split beside the test split (dev-00000-of-00001.parquet or dev.jsonl)`);
      }
      for (const f of g.dev) {
        for (const r of await readRecords(f)) {
          const d = doc(r, g.subject);
          devBySubject.set(d.subject, [...(devBySubject.get(d.subject) ?? []), d]);
        }
      }
    }
    const indexBySubject = new Map<string, number>();
    for (const t of tests) {
      const idx = indexBySubject.get(t.subject) ?? 0;
      indexBySubject.set(t.subject, idx + 1);
      let shots = '';
      if (numFewshot > 0) {
        const pool = devBySubject.get(t.subject) ?? [];
        if (pool.length < numFewshot) {
          throw new BenchmarkDataError(g.dev[0], null, `${numFewshot} shots asked, the dev split has ${pool.length} items for ${t.subject}`);
        }
        shots = pool.slice(0, numFewshot).map((d) => `${mmluQuestion(d.question, d.choices)} ${LETTERS[d.answer]}\n\n`).join('');
      }
      const context = mmluDescription(t.subject) + shots + mmluQuestion(t.question, t.choices);
      items.push({
        benchmark: 'mmlu', task: `mmlu_${t.subject}`, id: `${t.subject}/${idx}`, index: idx,
        requests: LETTERS.map((l) => ({ context, continuation: ` ${l}` })), choices: [...LETTERS], gold: t.answer,
        metrics: ['acc'], letter: { question: t.question.trim(), options: t.choices },
      });
    }
  }
  return items;
}
