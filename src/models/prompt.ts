// What a chat model is sent for a task, and local stop-string truncation shared by the providers.
import { fenceTag, languageOf } from '../sandbox/languages/index.js';
import type { GenerateRequest } from './types.js';


/** The user message for a chat model. Instruction-style prompts go as they are; a completion-style
 * prompt (code to continue) is wrapped the way EvalPlus does for chat models, asking for the whole
 * code in one fenced block — the sanitizer extracts it and detects a self-contained answer. */
export function chatUserContent(req: GenerateRequest): string {
  if (req.style !== 'completion') return req.prompt;
  const lang = req.language ? languageOf(req.language) : undefined;
  const tag = lang ? fenceTag(lang) : '';
  return 'Complete the following code. Reply with the complete code (including the given part) in a single ' +
    `markdown code block.\n\n\`\`\`${tag}\n${req.prompt.replace(/\s+$/, '')}\n\`\`\`\n`;
}

/** Stop strings a chat model should get: completion-style stop tokens (e.g. "\ndef") are meant for
 * continuations and would cut a chat answer inside its code block, so they are not sent; the
 * sanitizer applies them to the extracted completion instead. */
export function chatStops(req: GenerateRequest): string[] | undefined {
  return req.style === 'completion' ? undefined : req.stop?.filter((s) => s.length > 0);
}

/** Cut `text` at the earliest stop string (servers may include the stop or ignore extra stops). */
export function truncateAtStop(text: string, stop?: string[]): { text: string; stopped: boolean } {
  let cut = -1;
  for (const s of stop ?? []) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  return cut < 0 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}

/** Split a request's token usage over its k generations so that the sums stay exact: the prompt
 * is counted once (on the first), completion tokens evenly with the remainder on the first ones. */
export function splitUsage(k: number, pt?: number, ct?: number): { pt?: number; ct?: number }[] {
  return Array.from({ length: k }, (_, i) => ({
    pt: pt === undefined ? undefined : i === 0 ? pt : 0,
    ct: ct === undefined ? undefined : Math.floor(ct / k) + (i < ct % k ? 1 : 0),
  }));
}
