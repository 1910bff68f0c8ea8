// Raw model output → the code the judge runs, recording every step taken. Designed against the
// peers' known bugs: stop tokens are applied to the completion only, never to the prompt (bigcode
// #159 #311); a chat model's whole-function answer to a completion-style prompt becomes a
// self-contained program (with the prompt's imports and helpers) instead of being appended to the
// prompt (EvalPlus #90 #92 #297: lost imports, dropped helpers, wrong block chosen).
//
// Order: CRLF → think blocks → fenced block → prompt echo → (Python, entry point defined at top
// level) self-contained program | (otherwise, completion-style) echoed signature cut, re-indent,
// stop tokens. Of several Python blocks that define the entry point, the last is the answer (the
// last definition wins, as when the blocks run in turn). A text its source calls a whole program
// (an EvalPlus `solution`) is judged as written (SanitizeOptions.wholeProgram).
import type { Task } from '../benchmarks/types.js';
import { fenceTagsOf } from '../sandbox/languages/index.js';

export type SanitizeTask = Pick<Task, 'prompt' | 'style' | 'language' | 'entry_point' | 'stop_tokens'>;

export interface SanitizeResult {
  code: string;
  steps: string[];
  /** true: `code` is a whole program; the judge must NOT prepend the prompt */
  self_contained: boolean;
}

const NOT_CODE = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'text', 'txt', 'output', 'plaintext', 'json', 'markdown', 'md', 'diff', 'log']);

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Block {
  info: string;
  body: string;
  closed: boolean;
}

/** Fenced blocks (``` or ~~~, any indentation; the body is dedented by the fence's indentation). */
export function fencedBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let open: { ch: string; len: number; indent: number; info: string; lines: string[] } | null = null;
  for (const line of text.split('\n')) {
    if (!open) {
      const m = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/.exec(line);
      if (m) {
        const info = m[3].toLowerCase().replace(/^\{?\.?/, '').split(/[:{},]/)[0];
        open = { ch: m[2][0], len: m[2].length, indent: m[1].length, info, lines: [] };
      }
      continue;
    }
    const c = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
    if (c && c[1][0] === open.ch && c[1].length >= open.len) {
      blocks.push({ info: open.info, body: open.lines.join('\n'), closed: true });
      open = null;
      continue;
    }
    const ind = open.indent;
    open.lines.push(ind && line.slice(0, ind).trim() === '' ? line.slice(ind) : line);
  }
  if (open) blocks.push({ info: open.info, body: open.lines.join('\n').replace(/\s+$/, ''), closed: false });
  return blocks;
}

/** Whether each line begins a logical Python line (not inside a string, bracket or `\` continuation). */
function pyLogicalStarts(code: string): boolean[] {
  const out: boolean[] = [];
  let depth = 0;
  let str: string | null = null;
  let cont = false;
  for (const line of code.split('\n')) {
    out.push(depth === 0 && str === null && !cont);
    cont = false;
    for (let i = 0; i < line.length;) {
      const ch = line[i];
      if (str) {
        if (ch === '\\') i += 2;
        else if (line.startsWith(str, i)) {
          i += str.length;
          str = null;
        } else i++;
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        str = line.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
        i += str.length;
        continue;
      }
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
      i++;
    }
    if (str && str.length === 1) str = null; // an unterminated '...' string: resynchronise
    if (!str && /\\$/.test(line)) cont = true;
  }
  return out;
}

type PyKind = 'import' | 'def' | 'class' | 'assign' | 'main' | 'try-import' | 'comment' | 'other';
interface PyBlock {
  kind: PyKind;
  name?: string;
  text: string;
}

/** Top-level statements of a Python module (decorators attached to their def/class). */
export function pyTopLevel(code: string): PyBlock[] {
  const lines = code.split('\n');
  const starts = pyLogicalStarts(code);
  const groups: string[][] = [];
  let decorated = false;
  lines.forEach((line, i) => {
    const top = starts[i] && /^\S/.test(line) && !/^(else|elif|except|finally)\b/.test(line);
    if (top && !(decorated && /^(@|(async\s+)?def\s|class\s)/.test(line)) || !groups.length) groups.push([line]);
    else groups[groups.length - 1].push(line);
    if (top) decorated = line.startsWith('@');
  });
  return groups.map((g) => {
    const text = g.join('\n');
    const head = g.find((l) => !l.startsWith('@')) ?? g[0];
    let m: RegExpExecArray | null;
    if (/^(import\s|from\s+\S+\s+import\s)/.test(head)) return { kind: 'import', text };
    if ((m = /^(?:async\s+)?def\s+(\w+)/.exec(head))) return { kind: 'def', name: m[1], text };
    if ((m = /^class\s+(\w+)/.exec(head))) return { kind: 'class', name: m[1], text };
    if (/^if\s+__name__\s*==\s*['"]__main__['"]\s*:/.test(head)) return { kind: 'main', text };
    if (/^try\s*:/.test(head) && /^\s+(import|from)\s/m.test(text)) return { kind: 'try-import', text };
    if ((m = /^([A-Za-z_]\w*)(\s*,\s*[A-Za-z_]\w*)*\s*(:[^=]+)?=(?!=)/.exec(head))) return { kind: 'assign', name: m[1], text };
    if (/^#/.test(head) || head.trim() === '') return { kind: 'comment', text };
    return { kind: 'other', text };
  });
}

const pyDefines = (code: string, name: string) => new RegExp(`^(async\\s+)?def\\s+${esc(name)}\\s*\\(`, 'm').test(code);

function stripThink(s: string, steps: string[]): string {
  let out = s.replace(/<(think|thinking)>[\s\S]*?<\/\1>/g, () => {
    steps.push('think:block');
    return '';
  });
  const close = Math.max(out.lastIndexOf('</think>'), out.lastIndexOf('</thinking>'));
  if (close >= 0) {
    // the opening tag was in the chat template (DeepSeek-R1, QwQ): everything before is reasoning
    out = out.slice(out.indexOf('>', close) + 1);
    steps.push('think:orphan-close');
  }
  if (/^\s*<(think|thinking)>/.test(out)) {
    steps.push('think:unclosed'); // the reasoning never finished: no answer
    out = '';
  }
  return out;
}

/** The fenced block holding the answer (EvalPlus-like choice), or null when the text has no fence. */
function pickBlock(text: string, t: SanitizeTask, steps: string[]): string | null {
  const blocks = fencedBlocks(text);
  // a completion model that continued inside the prompt's fence ends with a bare closing fence
  const first = /^\s*(`{3,}|~{3,})\s*$/m.exec(text);
  if (t.style === 'completion' && first && (!blocks.length || blocks[0].info === '')) {
    const before = text.slice(0, first.index).replace(/^([ \t]*\n)+/, '');
    if (/^[ \t]+\S/.test(before)) {
      steps.push('fence:continuation-before-closing-fence');
      return before.replace(/\n$/, '');
    }
  }
  if (!blocks.length) return null;
  const tags = fenceTagsOf(t.language);
  let cands = blocks.filter((b) => b.info === '' || tags.includes(b.info));
  if (!cands.length) cands = blocks.filter((b) => !NOT_CODE.has(b.info));
  if (!cands.length) cands = blocks;
  const ep = t.entry_point ? esc(t.entry_point.split('.').pop()!) : null;
  const score = (b: Block) => [
    ep && new RegExp(`(def|function|fn|func|class)\\s+${ep}\\b|\\b${ep}\\s*\\([^)]*\\)\\s*(->[^{]*)?\\{`).test(b.body) ? 2
      : ep && new RegExp(`\\b${ep}\\b`).test(b.body) ? 1 : 0,
    tags.includes(b.info) ? 1 : 0,
    b.body.trim().length,
  ];
  const py = t.language === 'python';
  let best = cands[0];
  let bestScore = score(best);
  for (const b of cands.slice(1)) {
    const s = score(b);
    // Python: of the blocks that define the entry point, the last one is what running the answer
    // would define (the last definition wins; models correct themselves in a later block)
    const cmp = py && s[0] === 2 && bestScore[0] === 2 ? 0 : s[0] - bestScore[0] || s[1] - bestScore[1] || s[2] - bestScore[2];
    if (cmp >= 0) { // ties go to the later block: models refine their answer
      best = b;
      bestScore = s;
    }
  }
  steps.push(`fence:${best.info || 'untagged'}(${blocks.indexOf(best) + 1} of ${blocks.length})${best.closed ? '' : ':unclosed'}`);
  return py ? withOtherBlocks(best, cands, bestScore[0] === 2, steps) : best.body;
}

/** The chosen Python block with the imports the answer's other blocks have and, when it defines the
 * entry point (a program, not a body to indent), the functions and classes they define and it does
 * not, as running every block in turn would have them (the last definition of a name wins; they go
 * after the block, below its imports). Example calls, asserts and prints of other blocks stay out. */
function withOtherBlocks(best: Block, cands: Block[], program: boolean, steps: string[]): string {
  const have = new Set(best.body.split('\n').map((l) => l.trim()));
  const defined = new Set(pyTopLevel(best.body).filter((b) => b.kind === 'def' || b.kind === 'class').map((b) => b.name!));
  const imports = new Set<string>();
  const defs = new Map<string, string>();
  for (const b of cands) {
    if (b === best) continue;
    for (const l of b.body.split('\n')) if (/^(import\s|from\s+\S+\s+import\s)/.test(l) && !have.has(l.trim())) imports.add(l.trim());
    for (const d of program ? pyTopLevel(b.body) : []) {
      if ((d.kind !== 'def' && d.kind !== 'class') || defined.has(d.name!)) continue;
      defs.delete(d.name!); // the last definition of a name is kept, where it stands in the answer
      defs.set(d.name!, d.text.replace(/\s+$/, ''));
    }
  }
  if (imports.size) steps.push(`imports-from-other-blocks:${imports.size}`);
  if (defs.size) steps.push(`definitions-from-other-blocks:${defs.size}`);
  const body = imports.size ? `${[...imports].join('\n')}\n${best.body}` : best.body;
  return defs.size ? `${body.replace(/\s+$/, '')}\n\n\n${[...defs.values()].join('\n\n\n')}\n` : body;
}

function stripEcho(code: string, prompt: string, steps: string[]): string {
  if (!prompt.trim()) return code;
  for (const p of [prompt, prompt.replace(/\s+$/, '')]) {
    if (p && code.startsWith(p)) {
      steps.push('echo:prompt');
      return code.slice(p.length);
    }
  }
  const lead = code.replace(/^\s*\n/, '');
  const p = prompt.replace(/^\s*\n/, '').replace(/\s+$/, '');
  if (p && lead.startsWith(p)) {
    steps.push('echo:prompt');
    return lead.slice(p.length);
  }
  return code;
}

/** Python answer that defines the entry point: keep imports, defs, classes and assignments (drop
 * example calls, asserts, prints, `if __name__ == "__main__":`), and add the prompt's imports and
 * helpers that the answer lacks. */
function pySelfContained(code: string, t: SanitizeTask, steps: string[], withPrompt: boolean): string {
  const blocks = pyTopLevel(code);
  // assignments that call the entry point or read input are example usage, not definitions
  const usage = new RegExp(`\\b(${t.entry_point ? `${esc(t.entry_point)}|` : ''}input)\\s*\\(|sys\\.stdin`);
  const kept = blocks.filter((b) => b.kind !== 'other' && b.kind !== 'main' && !(b.kind === 'assign' && usage.test(b.text)));
  const dropped = blocks.length - kept.length;
  if (dropped) steps.push(`drop-toplevel:${dropped}`);
  const preamble: string[] = [];
  if (withPrompt) {
    const lines = new Set(code.split('\n').map((l) => l.trim()));
    const names = new Set(blocks.filter((b) => b.name).map((b) => b.name!));
    for (const b of pyTopLevel(t.prompt)) {
      if (b.kind === 'comment' || (b.kind === 'def' && b.name === t.entry_point)) continue;
      if (b.kind === 'import' && b.text.split('\n').every((l) => !l.trim() || lines.has(l.trim()))) continue;
      if (b.name && names.has(b.name)) continue;
      preamble.push(b.text.replace(/\s+$/, ''));
    }
    if (preamble.length) steps.push(`preamble-from-prompt:${preamble.length}`);
  }
  const body = kept.map((b) => b.text).join('\n').replace(/^\s*\n/, '').replace(/\s+$/, '');
  return `${preamble.length ? `${preamble.join('\n')}\n\n\n` : ''}${body}\n`;
}

/** Cut a completion at the earliest stop token (the completion only: the prompt is never searched). */
export function applyStops(completion: string, stops: string[] | undefined, steps?: string[]): string {
  let cut = -1;
  let which = '';
  for (const s of stops ?? []) {
    if (!s) continue;
    const i = completion.indexOf(s);
    if (i >= 0 && (cut < 0 || i < cut)) {
      cut = i;
      which = s;
    }
  }
  if (cut < 0) return completion;
  steps?.push(`stop:${JSON.stringify(which)}@${cut}`);
  return completion.slice(0, cut);
}

export interface SanitizeOptions {
  /** the text is a whole program by its source's word (EvalPlus `solution` = prompt + canonical
   * solution): judged as written, never cut down to a completion of the prompt */
  wholeProgram?: boolean;
}

export function sanitize(raw: string, task: SanitizeTask, opts: SanitizeOptions = {}): SanitizeResult {
  const steps: string[] = [];
  const t = { ...task, prompt: task.prompt.replace(/\r\n?/g, '\n') };
  let s = raw;
  if (/\r/.test(s)) {
    s = s.replace(/\r\n?/g, '\n');
    steps.push('crlf');
  }
  if (opts.wholeProgram) {
    steps.push('whole-program');
    if (!s.trim()) steps.push('empty');
    return { code: s, steps, self_contained: true };
  }
  s = stripThink(s, steps);
  const block = pickBlock(s, t, steps);
  if (block !== null) s = block;
  const ep = t.entry_point;
  const py = t.language === 'python';

  if (t.style === 'instruction') {
    if (py && ep && pyDefines(s, ep)) s = pySelfContained(s, t, steps, false);
    return { code: s, steps, self_contained: true };
  }

  s = stripEcho(s, t.prompt, steps);
  const firstLine = s.split('\n').find((l) => l.trim() && !/^\s*#/.test(l)) ?? '';
  if (py && ep && pyDefines(s, ep) && !/^\s/.test(firstLine)) {
    steps.push(`self-contained:def ${ep}`);
    return { code: pySelfContained(s, t, steps, true), steps, self_contained: true };
  }

  if (!py && block !== null) {
    // MultiPL-E: a chat answer repeats the prompt's signature line; keep what follows it
    const lines = s.split('\n');
    const sig = t.prompt.split('\n').map((l) => l.trim()).filter(Boolean).pop();
    let at = sig ? lines.findIndex((l) => l.trim() === sig) : -1;
    if (at < 0 && ep) {
      const name = esc(ep.split('.').pop()!);
      at = lines.findIndex((l) => new RegExp(`\\b${name}\\s*\\(`).test(l) && /\{\s*$/.test(l));
    }
    if (at >= 0) {
      s = lines.slice(at + 1).join('\n');
      steps.push(`echo:signature@line${at + 1}`);
    }
  }

  if (py && block !== null && firstLine && !/^\s/.test(firstLine) && /^\s+\S/m.test(t.prompt.split('\n').filter((l) => l.trim()).pop() ?? '')) {
    // a chat model answered with the bare body: indent it under the prompt's function
    s = s.split('\n').map((l) => (l.trim() ? `    ${l}` : l)).join('\n');
    steps.push('reindent-body');
  }

  s = applyStops(s, t.stop_tokens, steps);
  if (!s.trim()) steps.push('empty');
  return { code: s, steps, self_contained: false };
}
