// The procedural task families by name, and generation of many tasks at once.
import { FAMILY_LANGUAGES, type Family, type FamilyLanguage, type Knobs } from './family.js';
import { type TaskRow, generateTask, knobsOf } from './generate.js';
import * as arithmetic from './families/arithmetic.js';
import * as dp from './families/dp.js';
import * as graphs from './families/graphs.js';
import * as parsing from './families/parsing.js';
import * as simulation from './families/simulation.js';
import * as strings from './families/strings.js';

export type { Family, FamilyLanguage, Knobs } from './family.js';
export type { TaskRow } from './generate.js';
export { FAMILY_LANGUAGES } from './family.js';
export { generateTask, knobsOf, resolveKnobs } from './generate.js';

type AnyFamily = Family<unknown, unknown>;

export const FAMILIES: AnyFamily[] = [
  ...Object.values(strings), ...Object.values(arithmetic), ...Object.values(parsing), ...Object.values(dp),
  ...Object.values(graphs), ...Object.values(simulation),
] as AnyFamily[];

export function familyNamed(name: string): AnyFamily {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`unknown task family ${JSON.stringify(name)}; known: ${FAMILIES.map((x) => x.name).join(', ')} (rlcf tasks families)`);
  return f;
}

export interface FamilyInfo {
  name: string;
  shape: string;
  summary: string;
  languages: readonly FamilyLanguage[];
  knobs: { name: string; min: number; max: number; default: number; doc: string }[];
  wrong: { name: string; why: string }[];
}

export function familyInfo(f: AnyFamily): FamilyInfo {
  return { name: f.name, shape: f.shape, summary: f.summary, languages: FAMILY_LANGUAGES, knobs: knobsOf(f), wrong: f.wrong.map((w) => ({ name: w.name, why: w.why })) };
}

export interface GenOptions {
  families: string[];
  count: number;
  seed: string;
  languages?: readonly FamilyLanguage[];
  knobs?: Knobs;
}

/** `count` tasks per family (indices 0..count-1 of the seed), every language asked for. */
export function generateRows(o: GenOptions): TaskRow[] {
  const fams = o.families.map(familyNamed);
  const langs = o.languages ?? FAMILY_LANGUAGES;
  for (const l of langs) {
    if (!(FAMILY_LANGUAGES as readonly string[]).includes(l)) throw new Error(`task families are written in ${FAMILY_LANGUAGES.join(', ')}; not ${JSON.stringify(l)}`);
  }
  const rows: TaskRow[] = [];
  for (const f of fams) for (let i = 0; i < o.count; i++) rows.push(...generateTask(f, o.seed, i, o.knobs ?? {}, langs));
  return rows;
}

/** The JSONL text of rows (one row a line; key order fixed by construction: byte-identical per seed). */
export function rowsJsonl(rows: TaskRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}
