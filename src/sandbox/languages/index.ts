// The registry of language descriptors and every name table derived from them. Nothing else in
// rlcf keeps a list of language names, aliases, fence tags or file extensions: server protocols,
// samples files, the sanitiser, the CLI and the built-in suite all ask here.
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

/** Every accepted name (ids and aliases, lower case) → its language. A name claimed by two
 * descriptors is a programming error: it fails at load, not as a silent first-wins. */
const ALIASES = new Map<string, Language>();
for (const l of LANGUAGES) {
  const d = DESCRIPTORS[l];
  if (d?.id !== l) throw new Error(`language ${l}: no descriptor registered in sandbox/languages/index.ts`);
  for (const a of [d.id, ...d.aliases]) {
    const k = a.toLowerCase();
    const prev = ALIASES.get(k);
    if (prev && prev !== l) throw new Error(`language alias ${JSON.stringify(a)} is claimed by ${prev} and ${l}`);
    ALIASES.set(k, l);
  }
}

/** The aliases (not the ids), for error messages. */
export const ALIAS_NAMES: readonly string[] = [...ALIASES.keys()].filter((k) => !LANGUAGES.includes(k as Language));

/** A language name or alias → its id, or undefined (case and surrounding space ignored). */
export function languageOf(name: unknown): Language | undefined {
  return typeof name === 'string' ? ALIASES.get(name.trim().toLowerCase()) : undefined;
}

/** What an "unknown language" error tells the user is accepted. */
export function acceptedLanguages(): string {
  return `use one of ${LANGUAGES.join(', ')} (aliases: ${ALIAS_NAMES.join(', ')})`;
}

/** Resolve a language name or alias; throws a message listing what is accepted. */
export function resolveLanguage(name: string): Language {
  const l = languageOf(name);
  if (!l) throw new Error(`unknown language ${JSON.stringify(name)}: ${acceptedLanguages()}`);
  return l;
}

/** Fence tag → language, for model output: every descriptor's fence tags and aliases. */
const FENCE = new Map<string, Language>(ALIASES);
for (const l of LANGUAGES) for (const t of DESCRIPTORS[l].fenceTags) if (!FENCE.has(t)) FENCE.set(t, l);

/** The language a markdown fence tag names, or undefined. */
export function languageOfFence(tag: string): Language | undefined {
  return FENCE.get(tag.toLowerCase());
}

/** Every fence tag read as this language (for an unknown name: the name itself). */
export function fenceTagsOf(language: string): string[] {
  const l = languageOf(language);
  return l ? [...FENCE].filter(([, v]) => v === l).map(([k]) => k) : [language];
}

/** The fence tag rlcf writes for a language (an unknown name as is). */
export function fenceTag(language: string): string {
  const l = languageOf(language);
  return l ? DESCRIPTORS[l].fenceTags[0] : language;
}

const EXTENSIONS = new Map<string, Language>();
for (const l of LANGUAGES) {
  for (const e of DESCRIPTORS[l].extensions) {
    if (EXTENSIONS.has(e)) throw new Error(`file extension ${e} is claimed by ${EXTENSIONS.get(e)} and ${l}`);
    EXTENSIONS.set(e, l);
  }
}

/** The language of a file name by its extension, or undefined. */
export function languageOfFile(file: string): Language | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS.get(file.slice(dot).toLowerCase());
}

/** The name people read: 'C++', 'Python 3' (an unknown name as is). */
export function displayName(language: string): string {
  const l = languageOf(language);
  return l ? DESCRIPTORS[l].displayName : language;
}

/** The file a whole program of this language is written to (main.py, Main.java). */
export function programFile(language: Language): string {
  return DESCRIPTORS[language].fileName({ language, source: '' });
}

/** Whether a test program in this language (as submitted) can prove that its tests ran to their
 * end (languages/types.ts ProofSpec): the judge then requires the proof. */
export function proofAvailable(sub: Submission): boolean {
  const p = DESCRIPTORS[sub.language]?.proof;
  return !!p && (p.available ? p.available(sub) : true);
}

export type { LanguageDescriptor } from './types.js';
