// Compiled (and reference interpreted) languages: a stdin → stdout program per language (sum of the
// integers read), test inputs, and the per-language measurement through Sandbox.runTests.
import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../sandbox/engine.js';
import type { Language, TestInput, Verdict } from '../sandbox/types.js';
import { median, now } from './stats.js';
import { DESCRIPTORS } from '../sandbox/languages/index.js';

export const PROGRAMS: Partial<Record<Language, string>> = {
  c: `#include <stdio.h>
int main(void) { long long s = 0, x; while (scanf("%lld", &x) == 1) s += x; printf("%lld\\n", s); return 0; }
`,
  cpp: `#include <iostream>
int main() { std::ios::sync_with_stdio(false); long long s = 0, x; while (std::cin >> x) s += x; std::cout << s << "\\n"; }
`,
  rust: `use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let t: i64 = s.split_whitespace().map(|w| w.parse::<i64>().unwrap()).sum();
    println!("{}", t);
}
`,
  go: `package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	r := bufio.NewReader(os.Stdin)
	var s, x int64
	for {
		if _, err := fmt.Fscan(r, &x); err != nil {
			break
		}
		s += x
	}
	fmt.Println(s)
}
`,
  java: `import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader br = new BufferedReader(new InputStreamReader(System.in));
        long s = 0;
        String line;
        while ((line = br.readLine()) != null) {
            StringTokenizer t = new StringTokenizer(line);
            while (t.hasMoreTokens()) s += Long.parseLong(t.nextToken());
        }
        System.out.println(s);
    }
}
`,
  javascript: `const d = require('fs').readFileSync(0, 'utf8');
let s = 0n;
for (const w of d.split(/\\s+/)) if (w) s += BigInt(w);
console.log(String(s));
`,
  typescript: `declare const require: (m: string) => any;
const d: string = require('fs').readFileSync(0, 'utf8');
let s: bigint = 0n;
for (const w of d.split(/\\s+/)) if (w) s += BigInt(w);
console.log(String(s));
`,
};

/** 20 inputs: k integers each, with the expected sum. */
export function makeInputs(n = 20): { inputs: TestInput[]; expected: string[] } {
  const inputs: TestInput[] = [];
  const expected: string[] = [];
  for (let i = 0; i < n; i++) {
    const xs = Array.from({ length: 5 + i * 7 }, (_, j) => ((j * 7919 + i * 104729) % 2000001) - 1000000);
    inputs.push({ stdin: `${xs.length}\n${xs.join(' ')}\n` });
    expected.push(String(xs.length + xs.reduce((a, b) => a + b, 0)));
  }
  return { inputs, expected };
}

export interface LangResult {
  language: Language;
  compileStatus: string;
  compileMs: number;
  firstTotalMs: number;
  firstOk: boolean;
  cachedStatus: string;
  cacheHits: number;
  /** wall of runTests(20 inputs) on a cached build / 20 */
  perTestMs: number;
  /** (wall(20 inputs) - wall(1 input)) / 19 */
  marginalMs: number;
  t20Ms: number;
  t1Ms: number;
  /** (wall(20 inputs) - wall(2 inputs)) / 18: the cost of one more test once a multi-input runner
   * (Java) is in use, without its one-time start-up */
  marginal2Ms: number;
  execWallP50: number;
  /** languages with a multi-test runner (Java, JS/TS): the same inputs one process each, same run
   * (what runTests did before the runner): wall of 20 and the marginal 1→20 */
  oneProcess?: { t20Ms: number; marginalMs: number; sameVerdicts: boolean };
  /** with a multi-test runner: (wall(100 inputs) - wall(2 inputs)) / 98, the extra test with the
   * host's noise spread over 98 tests */
  marginal100Ms?: number;
  errors: string[];
}

function check(vs: Verdict[], expected: string[], errors: string[]): boolean {
  let ok = true;
  vs.forEach((v, i) => {
    if (v.status !== 'ok' || v.stdout.trim() !== expected[i]) {
      ok = false;
      if (errors.length < 3) {
        errors.push(`input ${i}: ${v.status} ${v.message ?? ''} stdout=${JSON.stringify(v.stdout.slice(0, 80))} ` +
          `stderr=${JSON.stringify((v.compile?.message ?? v.stderr).slice(0, 300))}`);
      }
    }
  });
  return ok;
}

export async function benchLanguage(sb: Sandbox, language: Language, reps: number): Promise<LangResult> {
  const { inputs, expected } = makeInputs(20);
  // a fresh nonce per bench run: the first submission really compiles (Go's build cache stays warm)
  const comment = `// rlcf-bench ${randomBytes(6).toString('hex')}\n`;
  const sub = { language, source: comment + PROGRAMS[language]! };
  const errors: string[] = [];
  let t = now();
  const first = await sb.runTests(sub, inputs);
  const firstTotalMs = now() - t;
  const firstOk = check(first, expected, errors);
  const hits0 = sb.stats().cache.hits;
  const again = await sb.runTests(sub, inputs);
  const cacheHits = sb.stats().cache.hits - hits0;
  check(again, expected, errors);
  const t20: number[] = [];
  const t1: number[] = [];
  const t2: number[] = [];
  const walls: number[] = [];
  for (let r = 0; r < reps; r++) {
    t = now();
    const vs = await sb.runTests(sub, inputs);
    t20.push(now() - t);
    walls.push(...vs.map((v) => v.wall_ms));
    t = now();
    await sb.runTests(sub, inputs.slice(0, 1));
    t1.push(now() - t);
    t = now();
    await sb.runTests(sub, inputs.slice(0, 2));
    t2.push(now() - t);
  }
  const m20 = median(t20);
  const m1 = median(t1);
  let oneProcess: LangResult['oneProcess'];
  if (DESCRIPTORS[language].runMany) {
    // one process per input, as runTests ran them before the runner (in parallel over the slots)
    const o20: number[] = [];
    const o1: number[] = [];
    let sameVerdicts = true;
    for (let r = 0; r < reps; r++) {
      t = now();
      const vs = await Promise.all(inputs.map((x) => sb.run({ ...sub, stdin: x.stdin })));
      o20.push(now() - t);
      sameVerdicts &&= vs.every((v, i) => v.status === again[i].status && v.stdout === again[i].stdout);
      t = now();
      await sb.run({ ...sub, stdin: inputs[0].stdin });
      o1.push(now() - t);
    }
    oneProcess = { t20Ms: median(o20), marginalMs: (median(o20) - median(o1)) / 19, sameVerdicts };
  }
  let marginal100Ms: number | undefined;
  if (DESCRIPTORS[language].runMany) {
    // the 20 inputs five times: the same work per test on average as the 20 (makeInputs(100) grows)
    const many = { inputs: Array.from({ length: 100 }, (_, i) => inputs[i % 20]), expected: Array.from({ length: 100 }, (_, i) => expected[i % 20]) };
    const t100: number[] = [];
    const t2b: number[] = [];
    for (let r = 0; r < reps; r++) {
      t = now();
      const vs = await sb.runTests(sub, many.inputs);
      t100.push(now() - t);
      check(vs, many.expected, errors);
      t = now();
      await sb.runTests(sub, many.inputs.slice(0, 2));
      t2b.push(now() - t);
    }
    marginal100Ms = (median(t100) - median(t2b)) / 98;
  }
  return {
    ...(oneProcess ? { oneProcess } : {}),
    ...(marginal100Ms !== undefined ? { marginal100Ms } : {}),
    language,
    compileStatus: first[0].compile?.status ?? 'none',
    compileMs: first[0].compile?.ms ?? 0,
    firstTotalMs,
    firstOk,
    cachedStatus: again[0].compile?.status ?? 'none',
    cacheHits,
    perTestMs: m20 / 20,
    marginalMs: (m20 - m1) / 19,
    t20Ms: m20,
    t1Ms: m1,
    marginal2Ms: (m20 - median(t2)) / 18,
    execWallP50: median(walls),
    errors,
  };
}
