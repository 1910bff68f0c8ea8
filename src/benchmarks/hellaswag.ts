// HellaSwag (Rowan/hellaswag) as lm-evaluation-harness 0.4.x's `hellaswag` task scores it: the
// validation split, each row preprocessed as lm-eval's utils.process_docs does (query =
// "<activity_label>: <ctx_a> <ctx_b capitalised>", WikiHow's " [title]" → ". ", other [bracketed]
// markers removed, double spaces collapsed, stripped; the same for each ending), choices
// " <ending>" scored by log-likelihood; acc and acc_norm (log-likelihood / ending length).
import type { ChoiceItem } from './choice.js';
import { goldIndex, readSplit, str, strList } from './choice.js';

/** lm-eval's hellaswag `preprocess` (Python's str.strip, str.replace and re.sub, in that order). */
export function hellaswagPreprocess(text: string): string {
  return text.trim().replaceAll(' [title]', '. ').replace(/\[.*?\]/g, '').replaceAll('  ', ' ');
}

/** Python's str.capitalize(): first character upper case, the rest lower case. */
export const pyCapitalize = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s);

export async function loadHellaSwag(path: string): Promise<ChoiceItem[]> {
  const rows = await readSplit(path, 'validation', ['data'], 'a Rowan/hellaswag folder (data/validation-00000-of-00001.parquet) or that file');
  return rows.map((r, index) => {
    const ctx = `${str(r, 'ctx_a')} ${pyCapitalize(str(r, 'ctx_b'))}`;
    const query = hellaswagPreprocess(`${str(r, 'activity_label')}: ${ctx}`);
    const choices = strList(r, 'endings').map(hellaswagPreprocess);
    const label = r.row.label;
    const gold = goldIndex(r, typeof label === 'number' ? label : /^\d+$/.test(String(label)) ? Number(label) : Number.NaN,
      choices.length, `label ${JSON.stringify(label)}`);
    return {
      benchmark: 'hellaswag', task: 'hellaswag', id: r.row.ind !== undefined ? String(r.row.ind) : String(index), index,
      requests: choices.map((c) => ({ context: query, continuation: ` ${c}` })), choices, gold, metrics: ['acc', 'acc_norm'],
      letter: { question: `${query} ...\nWhich ending is the most plausible?`, options: choices },
    };
  });
}
