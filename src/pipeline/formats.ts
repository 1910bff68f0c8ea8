// Training-data output formats (see ../shared/docs/peers.md, "Training data out"):
//   openai    SFT {messages}; DPO {input:{messages}, preferred_output:[msg], non_preferred_output:[msg]}
//             (strict: metadata goes to a line-aligned <name>.meta.jsonl beside the file)
//   trl       {prompt, completion} / {prompt, chosen, rejected} as strings (standard format)
//   trl-chat  the same keys as message lists (TRL's conversational format)
//   messages  HF chat: SFT {messages}; preference {prompt, chosen:[msgs], rejected:[msgs]}
//   verl      SFT/preference as `messages`, plus rl.parquet rows {data_source, prompt:[{role,content}],
//             ability, reward_model:{style, ground_truth}, extra_info:{split, index}}
// Non-openai formats carry a `metadata` object per row (task id, failure kind, ...).
import { closeSync, openSync, writeSync } from 'node:fs';
import type { JudgeSpec } from '../benchmarks/types.js';
import { fenceTag } from '../sandbox/languages/index.js';

export const FORMATS = ['openai', 'trl', 'trl-chat', 'messages', 'verl'] as const;
export type Format = (typeof FORMATS)[number];

export interface Msg {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface SftRecord {
  system?: string;
  prompt: string;
  completion: string;
  metadata: Record<string, unknown>;
}

export interface PrefRecord {
  system?: string;
  prompt: string;
  chosen: string;
  rejected: string;
  metadata: Record<string, unknown>;
}


/** Code in a markdown fence tagged with its language. */
export function fenced(language: string, code: string): string {
  return `\`\`\`${fenceTag(language)}\n${code.replace(/\n+$/, '')}\n\`\`\``;
}

/** What the assistant says: a continuation for completion-style prompts, a fenced program otherwise. */
export function answerText(style: string, language: string, code: string): string {
  return style === 'completion' ? code : fenced(language, code);
}

function promptMsgs(system: string | undefined, prompt: string): Msg[] {
  return [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }];
}

const asst = (content: string): Msg => ({ role: 'assistant', content });

/** One SFT line (object) and, for openai, its metadata line. */
export function sftRow(r: SftRecord, f: Format): { row: object; meta?: object } {
  switch (f) {
    case 'openai': return { row: { messages: [...promptMsgs(r.system, r.prompt), asst(r.completion)] }, meta: r.metadata };
    case 'trl': return { row: { prompt: r.system ? `${r.system}\n\n${r.prompt}` : r.prompt, completion: r.completion, metadata: r.metadata } };
    case 'trl-chat': return { row: { prompt: promptMsgs(r.system, r.prompt), completion: [asst(r.completion)], metadata: r.metadata } };
    case 'messages':
    case 'verl': return { row: { messages: [...promptMsgs(r.system, r.prompt), asst(r.completion)], metadata: r.metadata } };
  }
}

export function prefRow(r: PrefRecord, f: Format): { row: object; meta?: object } {
  switch (f) {
    case 'openai': return {
      row: { input: { messages: promptMsgs(r.system, r.prompt) }, preferred_output: [asst(r.chosen)], non_preferred_output: [asst(r.rejected)] },
      meta: r.metadata,
    };
    case 'trl': return { row: { prompt: r.system ? `${r.system}\n\n${r.prompt}` : r.prompt, chosen: r.chosen, rejected: r.rejected, metadata: r.metadata } };
    case 'trl-chat': return { row: { prompt: promptMsgs(r.system, r.prompt), chosen: [asst(r.chosen)], rejected: [asst(r.rejected)], metadata: r.metadata } };
    case 'messages':
    case 'verl': {
      const p = promptMsgs(r.system, r.prompt);
      return { row: { prompt: r.prompt, chosen: [...p, asst(r.chosen)], rejected: [...p, asst(r.rejected)], metadata: r.metadata } };
    }
  }
}

/** verl `reward_model.ground_truth`: {inputs, outputs} for stdin/stdout, + fn_name for function calls,
 * {assert_case} for assert programs; the full rlcf JudgeSpec rides along as `rlcf_judge`. */
export function groundTruth(spec: JudgeSpec, language: string): Record<string, unknown> {
  switch (spec.kind) {
    case 'stdio': return { inputs: spec.cases.map((c) => c.stdin), outputs: spec.cases.map((c) => c.stdout), language, rlcf_judge: spec };
    case 'function': return {
      fn_name: spec.fn_name, inputs: spec.cases.map((c) => c.args.map((a) => JSON.stringify(a)).join('\n')),
      outputs: spec.cases.map((c) => JSON.stringify(c.expected ?? null)), language, rlcf_judge: spec,
    };
    case 'assert': return { assert_case: [spec.tests], language, rlcf_judge: spec };
    case 'next_line': return { next_line: spec.next_line, language, rlcf_judge: spec };
  }
}

/** Buffered JSONL writer (synchronous writes in 1 MiB chunks: bounded memory, no back-pressure to manage). */
export class JsonlWriter {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  count = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  write(v: object): void {
    const s = `${JSON.stringify(v)}\n`;
    this.buf.push(s);
    this.size += s.length;
    this.count++;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** A training-set file in a format: the rows, plus `<name>.meta.jsonl` for openai. */
export class SetWriter {
  private main: JsonlWriter;
  private meta: JsonlWriter | null;
  constructor(dir: string, name: string, readonly format: Format) {
    this.main = new JsonlWriter(`${dir}/${name}.jsonl`);
    this.meta = format === 'openai' ? new JsonlWriter(`${dir}/${name}.meta.jsonl`) : null;
  }
  get count(): number {
    return this.main.count;
  }
  put(x: { row: object; meta?: object }): void {
    this.main.write(x.row);
    if (this.meta) this.meta.write(x.meta ?? {});
  }
  close(): void {
    this.main.close();
    this.meta?.close();
  }
}

export interface RlRow {
  data_source: string;
  prompt: Msg[];
  ability: string;
  reward_model: { style: string; ground_truth: string };
  extra_info: { split: string; index: number; task_id: string; language: string; pass_rate: number };
}

const str = (name: string) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const });

/** verl RL parquet, written in row groups of `groupSize` as rows arrive. */
export class RlParquetWriter {
  private rows: RlRow[] = [];
  private writer: { write(o: object): unknown; finish(): unknown } | null = null;
  count = 0;
  constructor(readonly path: string, private readonly groupSize = 2000) {}

  async put(r: RlRow): Promise<void> {
    this.rows.push(r);
    this.count++;
    if (this.rows.length >= this.groupSize) await this.flush();
  }

  private async open() {
    const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
    this.writer = new ParquetWriter({
      writer: fileWriter(this.path), createdBy: 'rlcf curate',
      schema: [
        { name: 'root', num_children: 5 },
        str('data_source'),
        { name: 'prompt', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', num_children: 2 },
        str('role'), str('content'),
        str('ability'),
        { name: 'reward_model', repetition_type: 'REQUIRED', num_children: 2 },
        str('style'), str('ground_truth'),
        { name: 'extra_info', repetition_type: 'REQUIRED', num_children: 5 },
        str('split'), { name: 'index', type: 'INT64', repetition_type: 'REQUIRED' }, str('task_id'), str('language'),
        { name: 'pass_rate', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      ],
    }) as never;
  }

  private async flush(): Promise<void> {
    if (!this.rows.length) return;
    if (!this.writer) await this.open();
    const rs = this.rows;
    this.rows = [];
    await this.writer!.write({
      columnData: [
        { name: 'data_source', data: rs.map((r) => r.data_source) },
        { name: 'prompt', data: rs.map((r) => r.prompt) },
        { name: 'ability', data: rs.map((r) => r.ability) },
        { name: 'reward_model', data: rs.map((r) => r.reward_model) },
        { name: 'extra_info', data: rs.map((r) => ({ ...r.extra_info, index: BigInt(r.extra_info.index) })) },
      ],
      rowGroupSize: this.groupSize,
    });
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.writer) {
      if (this.count === 0) return; // nothing to write: no file
    }
    await this.writer!.finish();
  }
}
