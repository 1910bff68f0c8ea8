import type { Language, Submission } from '../types.js';
import { LANGUAGES } from '../types.js';
import type { LanguageDescriptor } from './types.js';
import { c } from './c.js';
import { cpp } from './cpp.js';
import { go } from './go.js';
import { java } from './java.js';
import { javascript } from './javascript.js';
import { python } from './python.js';
import { rust } from './rust.js';
import { typescript } from './typescript.js';

export const DESCRIPTORS: Record<Language, LanguageDescriptor> = {
  python, javascript, typescript, rust, go, c, cpp, java,
};

const ALIASES = new Map<string, Language>();
for (const d of Object.values(DESCRIPTORS)) {
  ALIASES.set(d.id, d.id);
  for (const a of d.aliases) ALIASES.set(a, d.id);
}

/** Resolve a language name or alias; throws a message listing what is accepted. */
export function resolveLanguage(name: string): Language {
  const l = ALIASES.get(String(name).trim().toLowerCase());
  if (!l) {
    throw new Error(`unknown language ${JSON.stringify(name)}: use one of ${LANGUAGES.join(', ')}` +
      ` (aliases: ${[...ALIASES.keys()].filter((k) => !LANGUAGES.includes(k as Language)).join(', ')})`);
  }
  return l;
}

/** Whether a test program in this language (as submitted) can prove that its tests ran to their
 * end (languages/types.ts ProofSpec): the judge then requires the proof. */
export function proofAvailable(sub: Submission): boolean {
  const p = DESCRIPTORS[sub.language]?.proof;
  return !!p && (p.available ? p.available(sub) : true);
}

export type { LanguageDescriptor } from './types.js';
