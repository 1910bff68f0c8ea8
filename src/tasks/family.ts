// Procedural task families: a family turns a seed into a fresh stdin/stdout problem (statement with
// seed-chosen constants, hidden tests, a reference program and typical wrong programs) in Python,
// JavaScript, TypeScript, Rust and Go. Tasks are contamination-free by construction: the problem
// text and its tests did not exist before the seed was drawn.
//
// Every program reads `t` test cases from whitespace-separated tokens and prints one line per case.
// A family writes only `solve` per language (programs.ts adds the token reader and the main loop),
// the expected outputs come from the family's own TypeScript solver, and a wrong answer is the
// reference with one textual patch (applied exactly once, checked).
import type { Rng } from './rng.js';

export const SHAPES = ['string', 'arithmetic', 'parsing', 'dp', 'graph', 'simulation'] as const;
export type Shape = (typeof SHAPES)[number];

/** The languages a family is written in; TypeScript runs the JavaScript source (valid TypeScript:
 * the runner transpiles without a type-check). */
export const FAMILY_LANGUAGES = ['python', 'javascript', 'typescript', 'rust', 'go'] as const;
export type FamilyLanguage = (typeof FAMILY_LANGUAGES)[number];
export type SourceLanguage = Exclude<FamilyLanguage, 'typescript'>;

export interface Knob {
  name: string;
  min: number;
  max: number;
  default: number;
  doc: string;
}

/** Knobs every family takes. */
export const COMMON_KNOBS: Knob[] = [
  { name: 'difficulty', min: 1, max: 3, default: 2, doc: 'instance sizes and value ranges (1 small … 3 large)' },
  { name: 'cases', min: 1, max: 500, default: 20, doc: 'random hidden test cases (besides the fixed edge cases)' },
];

export type Knobs = Record<string, number>;

export interface Statement {
  title: string;
  /** what to compute (markdown) */
  body: string;
  /** the input of one test case */
  input: string;
  /** the output line of one test case */
  output: string;
}

export type Patch = Record<SourceLanguage, [string, string]>;

export interface WrongAnswer<P = unknown> {
  name: string;
  /** the mistake, in words */
  why: string;
  /** [from, to] per language (or per seed's params): `from` must occur exactly once in the reference's
   * solve code */
  patch: Patch | ((p: P) => Patch);
}

export interface Family<P = unknown, I = unknown> {
  name: string;
  shape: Shape;
  /** one line for `rlcf tasks families` */
  summary: string;
  /** knobs besides COMMON_KNOBS */
  knobs?: Knob[];
  /** the seed's version of the problem (constants that appear in the statement) */
  params(rng: Rng, k: Knobs): P;
  statement(p: P): Statement;
  /** one random test case */
  instance(rng: Rng, p: P, k: Knobs): I;
  /** fixed cases that catch the typical mistakes (always in the hidden test) */
  edges(p: P): I[];
  /** one test case as input tokens/lines (no trailing newline) */
  input(i: I, p: P): string;
  /** the expected output line */
  solve(p: P, i: I): string;
  /** `solve` per language, reading with tok()/num() (Rust: sc.tok()/sc.num()) and returning the line */
  code(p: P): Record<SourceLanguage, string>;
  wrong: WrongAnswer<P>[];
}

/** Identity helper so each family file keeps its P/I types. */
export function family<P, I>(f: Family<P, I>): Family<P, I> {
  return f;
}
