// RepoBench's prompt layout (github.com/Leolty/repobench data/utils.py construct_prompt, v1.1):
//   <c> Repo Name: <repo>\n  then per cross-file snippet  <c> Path: <path>\n<snippet>\n\n
//   then the in-file part     <c> Path: <file>\n<import_statement>\n<cropped_code.rstrip()>\n
// (<c> = '#' for Python, '//' otherwise). Over the token budget, whole lines are dropped from the end
// of the cross-file part until it fits; then runs of 4+ newlines become one blank line. RepoBench
// counts tokens with the evaluated model's tokenizer; rlcf has none, so `approxTokens` stands in
// (one token per word or punctuation character: close to BPE counts on code, not equal).

export interface ContextSnippet {
  identifier: string;
  path: string;
  snippet: string;
}

/** A RepoBench v1.1 row (the fields construct_prompt and the metrics read). */
export interface RepoBenchRow {
  repo_name: string;
  file_path: string;
  context: ContextSnippet[];
  import_statement: string;
  cropped_code: string;
  next_line: string;
  gold_snippet_index: number;
  level?: string;
  /** cross_file_first | cross_file_random | in_file (the Hugging Face split; not a field of the rows) */
  setting?: string;
}

export const SETTINGS = ['cross_file_first', 'cross_file_random', 'in_file'] as const;
export type Setting = (typeof SETTINGS)[number];

export function approxTokens(s: string): number {
  return s.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;
}

export function constructPrompt(d: RepoBenchRow, language: string, maxTokens: number | null = 15800,
  tokens: (s: string) => number = approxTokens): string {
  const c = language === 'python' ? '#' : '//';
  let cross = `${c} Repo Name: ${d.repo_name}\n`;
  for (const s of d.context) cross += `${c} Path: ${s.path}\n${s.snippet}\n\n`;
  const inFile = `${c} Path: ${d.file_path}\n${d.import_statement}\n${d.cropped_code.replace(/\s+$/, '')}\n`;
  if (maxTokens !== null) {
    let exceed = tokens(cross) + tokens(inFile) - maxTokens;
    if (exceed > 0) {
      const lines = cross.split('\n');
      let i = lines.length - 1;
      for (; i >= 0; i--) {
        exceed -= tokens(lines[i]);
        if (exceed < 0) break;
      }
      cross = `${lines.slice(0, Math.max(i, 0)).join('\n')}\n\n`;
    }
  }
  return (cross + inFile).replace(/\n{4,}/g, '\n\n');
}

/** RepoBench v1.1's prompt-length levels (GPT-4 tokens; here approxTokens). */
export function levelOf(tokens: number): string {
  const levels: [number, string][] = [[640, '<2k'], [1600, '2k'], [3600, '4k'], [7200, '8k'], [10800, '12k'], [14400, '16k'], [21600, '24k'], [28800, '32k'], [57600, '64k'], [100000, '128k']];
  for (const [max, name] of levels) if (tokens < max) return name;
  return '>128k';
}
