// WinoGrande (allenai/winogrande, winogrande_xl) as lm-evaluation-harness 0.4.x's `winogrande` task
// scores it, with partial scoring: the validation split; each option fills the blank to make one
// context ("<sentence up to _><option>"), and the shared rest of the sentence (" <after _, stripped>")
// is the continuation scored under each; acc.
import type { ChoiceItem } from './choice.js';
import { readSplit, str } from './choice.js';
import { BenchmarkDataError } from './io.js';

export async function loadWinoGrande(path: string): Promise<ChoiceItem[]> {
  const rows = await readSplit(path, 'validation', ['winogrande_xl'],
    'an allenai/winogrande folder (winogrande_xl/validation-00000-of-00001.parquet) or that file');
  return rows.map((r, index) => {
    const sentence = str(r, 'sentence');
    const blank = sentence.indexOf('_');
    if (blank < 0) throw new BenchmarkDataError(r.file, r.line, 'the sentence has no "_" blank');
    const options = [str(r, 'option1'), str(r, 'option2')];
    const answer = String(r.row.answer ?? '');
    if (answer !== '1' && answer !== '2') throw new BenchmarkDataError(r.file, r.line, `answer must be "1" or "2" (got ${JSON.stringify(r.row.answer)})`);
    const choices = options.map((o) => sentence.slice(0, blank) + o);
    const rest = sentence.slice(blank + 1).trim();
    return {
      benchmark: 'winogrande', task: 'winogrande', id: String(index), index,
      requests: choices.map((c) => ({ context: c, continuation: ` ${rest}` })), choices, gold: Number(answer) - 1, metrics: ['acc'],
      letter: { question: `${sentence}\nWhich option fills the blank (_)?`, options },
    };
  });
}
