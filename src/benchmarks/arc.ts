// ARC (allenai/ai2_arc) as lm-evaluation-harness 0.4.x's `arc_easy` and `arc_challenge` tasks score
// it: the test split, context "Question: <question>\nAnswer:", choices " <text>" scored by
// log-likelihood; acc and acc_norm; the gold choice is the index of answerKey among the labels
// (letters or, for some items, digits).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChoiceItem } from './choice.js';
import { goldIndex, readSplit, splitFiles, str } from './choice.js';
import { BenchmarkDataError, type Located } from './io.js';

const CONFIGS = { 'ARC-Easy': 'arc_easy', 'ARC-Challenge': 'arc_challenge' } as const;
type Config = keyof typeof CONFIGS;
const EXAMPLE = 'an allenai/ai2_arc folder (ARC-Easy/test-00000-of-00001.parquet, ARC-Challenge/...), one config\'s folder, or a test file';

function items(rows: Located[], task: string): ChoiceItem[] {
  return rows.map((r, index) => {
    const c = r.row.choices as { text?: unknown; label?: unknown } | undefined;
    const texts = c?.text;
    const labels = c?.label;
    if (!Array.isArray(texts) || !Array.isArray(labels) || texts.length < 2 || texts.length !== labels.length
      || !texts.every((t) => typeof t === 'string') || !labels.every((l) => typeof l === 'string')) {
      throw new BenchmarkDataError(r.file, r.line, 'field "choices" must be {text: [...], label: [...]}, two lists of strings of the same length');
    }
    const question = str(r, 'question');
    const key = str(r, 'answerKey');
    const choices = texts as string[];
    return {
      benchmark: task, task, id: typeof r.row.id === 'string' ? r.row.id : String(index), index,
      requests: choices.map((t) => ({ context: `Question: ${question}\nAnswer:`, continuation: ` ${t}` })),
      choices, gold: goldIndex(r, (labels as string[]).indexOf(key), choices.length, `answerKey ${JSON.stringify(key)}`),
      metrics: ['acc', 'acc_norm'], letter: { question, options: choices },
    };
  });
}

/** `config` when the benchmark was named arc_easy / arc_challenge; else every config found (a root
 * folder), or the one the path names. */
export async function loadArc(path: string, config?: Config): Promise<ChoiceItem[]> {
  if (!existsSync(path)) throw new BenchmarkDataError(path, null, `not found (expected ${EXAMPLE})`);
  const configs = (Object.keys(CONFIGS) as Config[]).filter((c) => !config || c === config);
  if (statSync(path).isDirectory() && !splitFiles(path, 'test').length) {
    const found = configs.filter((c) => splitFiles(join(path, c), 'test').length);
    if (!found.length) throw new BenchmarkDataError(path, null, `no ${configs.join(' or ')} test split here; expected ${EXAMPLE}`);
    const out: ChoiceItem[] = [];
    for (const c of found) out.push(...items(await readSplit(join(path, c), 'test', [], EXAMPLE), CONFIGS[c]));
    return out;
  }
  const named = config ?? (Object.keys(CONFIGS) as Config[]).find((c) => path.includes(c));
  if (!named) throw new BenchmarkDataError(path, null, 'cannot tell ARC-Easy from ARC-Challenge by this path: name the benchmark arc_easy:<path> or arc_challenge:<path>');
  return items(await readSplit(path, 'test', [], EXAMPLE), CONFIGS[named]);
}
