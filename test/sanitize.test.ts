import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fencedBlocks, pyTopLevel, sanitize, type SanitizeTask } from '../src/judge/sanitize.js';

const HE_PROMPT = `from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    """ Check if in given list of numbers, are any two numbers closer to each other than
    given threshold.
    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)
    False
    """
`;
const HE_STOPS = ['\ndef', '\nclass', '\nif', '\nprint', '\n#'];
const he: SanitizeTask = { prompt: HE_PROMPT, style: 'completion', language: 'python', entry_point: 'has_close_elements', stop_tokens: HE_STOPS };

const BODY = `    for i, a in enumerate(numbers):
        for j, b in enumerate(numbers):
            if i != j and abs(a - b) < threshold:
                return True
    return False`;
const FULL = `from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
${BODY}`;

// HumanEval/38-like: the prompt holds a helper the entry point needs
const HE38_PROMPT = `

def encode_cyclic(s: str):
    """
    returns encoded string by cycling groups of three characters.
    """
    groups = [s[(3 * i):min((3 * i + 3), len(s))] for i in range((len(s) + 2) // 3)]
    return "".join(groups)


def decode_cyclic(s: str):
    """
    takes as input string encoded with encode_cyclic function. Returns decoded string.
    """
`;
const he38: SanitizeTask = { prompt: HE38_PROMPT, style: 'completion', language: 'python', entry_point: 'decode_cyclic', stop_tokens: HE_STOPS };

const RS_PROMPT = `/// Check if in given vector of numbers, are any two numbers closer to each other than
/// given threshold.
fn has_close_elements(numbers: Vec<f64>, threshold: f64) -> bool {
`;
const rs: SanitizeTask = { prompt: RS_PROMPT, style: 'completion', language: 'rust', entry_point: 'has_close_elements', stop_tokens: ['\n}'] };

const JAVA_PROMPT = `import java.util.*;
class Problem {
    // Return the sum.
    public static long addUp(long a, long b) {
`;
const java: SanitizeTask = { prompt: JAVA_PROMPT, style: 'completion', language: 'java', entry_point: 'addUp', stop_tokens: ['\n    }\n'] };

const JS_PROMPT = `//Return the sum.
function add_up(a, b){
`;
const js: SanitizeTask = { prompt: JS_PROMPT, style: 'completion', language: 'javascript', entry_point: 'add_up',
  stop_tokens: ['\nfunction ', '\n/*', '\n//', '\nconsole.log'] };

const mbpp: SanitizeTask = { prompt: 'Write a function to add two numbers.', style: 'instruction', language: 'python', entry_point: 'add' };
const stdio: SanitizeTask = { prompt: 'Read two integers and print their sum.', style: 'instruction', language: 'cpp' };

interface Case {
  name: string;
  task: SanitizeTask;
  raw: string;
  code?: string;
  contains?: string[];
  lacks?: string[];
  self_contained: boolean;
  steps?: string[];
}

const cases: Case[] = [
  { name: 'plain base-model completion cut at the first stop token', task: he,
    raw: `${BODY}\n\n\ndef check(candidate):\n    assert candidate([1.0], 0.5) is False\n`,
    code: `${BODY}\n\n`, self_contained: false, steps: ['stop:"\\ndef"@' + (BODY.length + 2)] },
  { name: 'stop tokens present in the prompt are not applied (completion only)', task: he,
    raw: `${BODY}\n`, code: `${BODY}\n`, self_contained: false },
  { name: 'echoed prompt is stripped before stop tokens (the prompt contains "\\ndef")', task: he,
    raw: `${HE_PROMPT}${BODY}\n\nprint(has_close_elements([1.0], 1))`, code: `${BODY}\n`, self_contained: false,
    steps: ['echo:prompt', `stop:"\\nprint"@${BODY.length + 1}`] },
  { name: 'chat answer: prose + fenced full function → self-contained program', task: he,
    raw: `Here is the implementation:\n\n\`\`\`python\n${FULL}\n\`\`\`\n\nThis checks every pair.`,
    code: `${FULL}\n`, self_contained: true },
  { name: 'full function without the import → the prompt import is kept', task: he,
    raw: `\`\`\`python\ndef has_close_elements(numbers, threshold):\n${BODY}\n\`\`\``,
    contains: ['from typing import List\n', 'def has_close_elements(numbers, threshold):'], self_contained: true,
    steps: ['fence:python(1 of 1)', 'self-contained:def has_close_elements', 'preamble-from-prompt:1'] },
  { name: 'test code after the function is dropped (asserts, prints, __main__)', task: he,
    raw: `\`\`\`python\n${FULL}\n\nassert has_close_elements([1.0, 2.0], 0.5) == True\nprint(has_close_elements([1.0], 0.1))\n` +
      `if __name__ == "__main__":\n    import doctest\n    doctest.testmod()\n\`\`\``,
    code: `${FULL}\n`, self_contained: true },
  { name: 'multiple fences: the block defining the entry point wins over a longer example block', task: he,
    raw: `\`\`\`python\n${FULL}\n\`\`\`\nExample:\n\`\`\`python\n` + 'print(has_close_elements([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 0.5))\n'.repeat(8) + '```',
    code: `${FULL}\n`, self_contained: true, steps: ['fence:python(1 of 2)', 'self-contained:def has_close_elements'] },
  { name: 'multiple fences: a shell block and an output block are ignored', task: he,
    raw: `\`\`\`bash\npip install numpy\n\`\`\`\n\`\`\`py\n${FULL}\n\`\`\`\nOutput:\n\`\`\`\nFalse\n\`\`\``,
    code: `${FULL}\n`, self_contained: true },
  { name: 'imports in a separate block of the answer are kept', task: he,
    raw: `First:\n\`\`\`python\nimport math\n\`\`\`\nThen:\n\`\`\`python\n${FULL}\n\`\`\``,
    contains: ['import math\n', 'def has_close_elements'], self_contained: true },
  { name: 'helper from the prompt (HumanEval/38) is kept when the answer lacks it', task: he38,
    raw: '```python\ndef decode_cyclic(s: str):\n    return encode_cyclic(encode_cyclic(s))\n```',
    contains: ['def encode_cyclic(s: str):', 'return "".join(groups)', 'def decode_cyclic(s: str):\n    return encode_cyclic(encode_cyclic(s))'],
    self_contained: true },
  { name: '<think> block stripped', task: he,
    raw: `<think>\nI need a def has_close_elements...\n\`\`\`python\nwrong\n\`\`\`\n</think>\n\`\`\`python\n${FULL}\n\`\`\``,
    code: `${FULL}\n`, self_contained: true, steps: ['think:block'] },
  { name: 'orphan </think> (opening tag in the chat template)', task: he,
    raw: `Okay, let me think.\n</think>\n\n\`\`\`python\n${FULL}\n\`\`\``, code: `${FULL}\n`, self_contained: true,
    steps: ['think:orphan-close'] },
  { name: 'unclosed leading <think>: the answer never came', task: he,
    raw: `<think>\nLet me consider def has_close_elements(numbers...`, code: '', self_contained: false,
    steps: ['think:unclosed', 'empty'] },
  { name: 'unclosed final fence (max_tokens hit)', task: he,
    raw: `Sure!\n\`\`\`python\n${FULL}\n`, code: `${FULL}\n`, self_contained: true, steps: ['fence:python(1 of 1):unclosed'] },
  { name: 'CRLF line endings', task: he,
    raw: `\`\`\`python\r\n${FULL.replace(/\n/g, '\r\n')}\r\n\`\`\`\r\n`, code: `${FULL}\n`, self_contained: true, steps: ['crlf'] },
  { name: 'fenced bare body → re-indented completion', task: he,
    raw: '```python\nreturn any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n```',
    code: '    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])',
    self_contained: false, steps: ['fence:python(1 of 1)', 'reindent-body'] },
  { name: 'fenced indented body stays a completion', task: he,
    raw: `\`\`\`python\n${BODY}\n\`\`\``, code: BODY, self_contained: false },
  { name: 'completion model that continued inside a fence and closed it', task: he,
    raw: `${BODY}\n\`\`\`\n\nThis function iterates over all pairs.`, code: BODY, self_contained: false,
    steps: ['fence:continuation-before-closing-fence'] },
  { name: 'fence with an indented list-item position and ~~~', task: he,
    raw: `1. The code:\n   ~~~python3\n   ${FULL.split('\n').join('\n   ')}\n   ~~~`, code: `${FULL}\n`, self_contained: true },
  { name: 'unfenced chat answer with prose around the function', task: he,
    raw: `Here is the solution:\n${FULL}\n\nThis works in O(n^2) time.`, code: `${FULL}\n`, self_contained: true },
  { name: 'rust: echoed signature cut, closing brace removed by the stop token', task: rs,
    raw: '```rust\nfn has_close_elements(numbers: Vec<f64>, threshold: f64) -> bool {\n    numbers.iter().any(|a| numbers.iter().any(|b| a != b && (a - b).abs() < threshold))\n}\n\nfn main() {}\n```',
    code: '    numbers.iter().any(|a| numbers.iter().any(|b| a != b && (a - b).abs() < threshold))', self_contained: false,
    steps: ['fence:rust(1 of 1)', 'echo:signature@line1', 'stop:"\\n}"@87'] },
  { name: 'rust: ```rs tag, signature written differently (found by the entry point)', task: rs,
    raw: 'use std::f64;\n```rs\nuse std::cmp;\npub fn has_close_elements(numbers:Vec<f64>,threshold:f64)->bool{\n    false\n}\n```',
    code: '    false', self_contained: false },
  { name: 'java: whole class echoed; method body kept', task: java,
    raw: '```java\nimport java.util.*;\nclass Problem {\n    public static long addUp(long a, long b) {\n        return a + b;\n    }\n}\n```',
    code: '        return a + b;', self_contained: false },
  { name: 'javascript: echoed prompt exactly', task: js,
    raw: '```js\n//Return the sum.\nfunction add_up(a, b){\n  return a + b;\n}\nconsole.log(add_up(1, 2));\n```',
    code: '  return a + b;\n}', self_contained: false },
  { name: 'instruction (MBPP): example usage dropped, self-contained', task: mbpp,
    raw: '```python\nimport math\nLIMIT = 10\n\ndef add(a, b):\n    return a + b\n\nprint(add(1, 2))\nx = input()\nr = add(1, 2)\n```',
    code: 'import math\nLIMIT = 10\n\ndef add(a, b):\n    return a + b\n', self_contained: true, steps: ['fence:python(1 of 1)', 'drop-toplevel:3'] },
  { name: 'instruction stdio (no entry point): main program kept whole; ```c++ tag', task: stdio,
    raw: 'Solution:\n```c++\n#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b; }\n```\n```cpp\n// short\n```',
    code: '#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b; }', self_contained: true },
  { name: 'go: ```golang block chosen over a ```text block', task: { prompt: 'Print 1.', style: 'instruction', language: 'go' },
    raw: '```text\nsome longer explanation text that is not code at all here\n```\n```golang\npackage main\nfunc main() { println(1) }\n```',
    code: 'package main\nfunc main() { println(1) }', self_contained: true },
];

describe('sanitize', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = sanitize(c.raw, c.task);
      if (c.code !== undefined) expect(r.code).toBe(c.code);
      for (const s of c.contains ?? []) expect(r.code).toContain(s);
      for (const s of c.lacks ?? []) expect(r.code).not.toContain(s);
      expect(r.self_contained).toBe(c.self_contained);
      if (c.steps) expect(r.steps).toEqual(expect.arrayContaining(c.steps));
    });
  }

  it('a self-contained python program runs on its own (prompt + completion would double the def)', () => {
    const r = sanitize(`\`\`\`python\ndef has_close_elements(numbers, threshold):\n${BODY}\n\`\`\``, he);
    expect(r.code.match(/def has_close_elements/g)).toHaveLength(1);
    expect(r.code.startsWith('from typing import List')).toBe(true);
  });

  it('EvalPlus solution samples (whole programs) are recognised as self-contained', () => {
    const r = sanitize(`${HE_PROMPT}${BODY}\n`, he);
    expect(r.self_contained).toBe(false); // exact echo of the prompt + body: a completion
    expect(r.code).toBe(`${BODY}\n`);
    const r2 = sanitize(`import math\n${FULL}\n`, he);
    expect(r2.self_contained).toBe(true);
    expect(r2.code).toBe(`import math\n${FULL}\n`);
    expect(r2.steps).toEqual(['self-contained:def has_close_elements']);
  });
});

describe('several blocks define the entry point: the last definition wins, as in Python', () => {
  // a model that corrects itself: a first (longer, wrong) version, then the fix in a later block
  const WRONG = `def has_close_elements(numbers, threshold):\n    # compare every pair, including an element with itself\n` +
    `    for a in numbers:\n        for b in numbers:\n            if abs(a - b) < threshold:\n                return True\n    return False`;
  const FIXED = `def has_close_elements(numbers, threshold):\n    return any(close(a, b, threshold) for i, a in enumerate(numbers) for b in numbers[i + 1:])`;
  const HELPER = 'def close(a, b, threshold):\n    return abs(a - b) < threshold';
  const raw = `First try:\n\`\`\`python\n${HELPER}\n\n\n${WRONG}\n\`\`\`\nWait, that compares an element with itself. Fixed:\n` +
    `\`\`\`python\n${FIXED}\n\`\`\`\n`;

  it('the later block is chosen even when the earlier one is longer', () => {
    const r = sanitize(raw, he);
    expect(r.steps).toContain('fence:python(2 of 2)');
    expect(r.code).toContain(FIXED);
    expect(r.code).not.toContain('including an element with itself');
    expect(r.self_contained).toBe(true);
  });

  it('functions only an earlier block defines are kept, after the chosen block', () => {
    const r = sanitize(raw, he);
    expect(r.code).toContain(HELPER);
    expect(r.code.indexOf(FIXED)).toBeLessThan(r.code.indexOf(HELPER));
    expect(r.steps).toContain('definitions-from-other-blocks:1');
    expect(r.code.match(/def has_close_elements/g)).toHaveLength(1);
  });

  it('a body to indent under the prompt takes no definitions from other blocks', () => {
    const r = sanitize(`\`\`\`python\n${HELPER}\n\`\`\`\n\`\`\`python\nreturn close(numbers[0], numbers[1], threshold)\n\`\`\``, he);
    expect(r.steps).not.toContain('definitions-from-other-blocks:1');
  });
});

describe('whole programs by their source\'s word (EvalPlus `solution`)', () => {
  it('are judged as written: the prompt they start with is not cut off', () => {
    const r = sanitize(`${HE_PROMPT}${BODY}\n`, he, { wholeProgram: true });
    expect(r).toEqual({ code: `${HE_PROMPT}${BODY}\n`, steps: ['whole-program'], self_contained: true });
  });
});

const HAS_PY = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!HAS_PY)('sanitized outputs run under python3 as the judge would assemble them', () => {
  const CHECK = `\n\ndef check(candidate):\n    assert candidate([1.0, 2.0, 3.0], 0.5) is False\n    assert candidate([1.0, 2.8, 3.0], 0.3) is True\n` +
    `check(has_close_elements)\nprint("RLCF-DONE")\n`;
  const raws = cases.filter((c) => c.task === he && c.code !== '').map((c) => c.raw);
  it.each(raws.map((r, i) => [i, r]))('sample %i', (_i, raw) => {
    const r = sanitize(raw as string, he);
    const program = (r.self_contained ? '' : HE_PROMPT) + r.code + CHECK;
    const p = spawnSync('python3', ['-c', program], { encoding: 'utf8', timeout: 20_000 });
    expect(p.stderr, program).toBe('');
    expect(p.stdout.trim()).toBe('RLCF-DONE');
  });

  it('a self-correcting answer runs as its last definition (and the helper of its first block)', () => {
    const wrongFirst = '```python\ndef has_close_elements(numbers, threshold):\n    # a first answer longer than the correction, and wrong\n' +
      `${'    # ...\n'.repeat(10)}    return True\n\`\`\`\n` +
      'Correction:\n```python\ndef has_close_elements(numbers, threshold):\n' +
      '    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n```';
    const r = sanitize(wrongFirst, he);
    const p = spawnSync('python3', ['-c', r.code + CHECK], { encoding: 'utf8', timeout: 20_000 });
    expect(p.stdout.trim(), p.stderr).toBe('RLCF-DONE');
  });

  it('HumanEval/38-like answer keeps the prompt helper it calls', () => {
    const r = sanitize('```python\ndef decode_cyclic(s: str):\n    return encode_cyclic(encode_cyclic(s))\n```', he38);
    const p = spawnSync('python3', ['-c', `${r.code}\nassert decode_cyclic(encode_cyclic("abcdefg")) == "abcdefg"\nprint("ok")`],
      { encoding: 'utf8', timeout: 20_000 });
    expect(p.stdout.trim(), p.stderr).toBe('ok');
  });
});

describe('sanitize helpers', () => {
  it('fencedBlocks: info strings, unclosed fences, longer closing fences', () => {
    const b = fencedBlocks('````Python {title=x}\na\n```\nb\n`````\n```\nc');
    expect(b).toEqual([{ info: 'python', body: 'a\n```\nb', closed: true }, { info: '', body: 'c', closed: false }]);
  });

  it('pyTopLevel: decorators, multi-line strings and brackets at column 0', () => {
    const code = 'import os\n@cache\ndef f(x):\n    s = """\nnot top level\n"""\n    return [\n1,\n]\nX = {\n"a": 1,\n}\nprint(f(1))\n';
    expect(pyTopLevel(code).map((b) => `${b.kind}:${b.name ?? ''}`)).toEqual(['import:', 'def:f', 'assign:X', 'other:']);
  });
});
