// Whole programs around a family's `solve`: a token reader and a main loop over `t` test cases, one
// per language. Go keeps its common imports used (an unused import does not compile).
import type { SourceLanguage } from './family.js';

const PY = `import sys
_toks = sys.stdin.read().split()
_pos = 0


def tok():
    global _pos
    _pos += 1
    return _toks[_pos - 1]


def num():
    return int(tok())


@@SOLVE@@


def main():
    t = num()
    print("\\n".join(str(solve()) for _ in range(t)))


main()
`;

const JS = `const _toks = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter((s) => s.length > 0);
let _pos = 0;
const tok = () => _toks[_pos++];
const num = () => Number(tok());

@@SOLVE@@

const _t = num();
const _out = [];
for (let _i = 0; _i < _t; _i++) _out.push(String(solve()));
console.log(_out.join('\\n'));
`;

const RS = `#![allow(unused_imports, dead_code, unused_mut, unused_variables)]
use std::collections::*;
use std::io::{self, Read, Write};

struct Sc {
    t: Vec<String>,
    p: usize,
}

impl Sc {
    fn tok(&mut self) -> String {
        self.p += 1;
        self.t[self.p - 1].clone()
    }
    fn num(&mut self) -> i64 {
        self.tok().parse().unwrap()
    }
}

@@SOLVE@@

fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).unwrap();
    let mut sc = Sc { t: s.split_whitespace().map(|x| x.to_string()).collect(), p: 0 };
    let t = sc.num();
    let mut out = String::new();
    for _ in 0..t {
        out.push_str(&solve(&mut sc));
        out.push('\\n');
    }
    io::stdout().write_all(out.as_bytes()).unwrap();
}
`;

const GO = `package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

var _ = fmt.Sprint
var _ = sort.Ints
var _ = strconv.Itoa
var _ = strings.Join

var _sc = func() *bufio.Scanner {
	s := bufio.NewScanner(os.Stdin)
	s.Buffer(make([]byte, 1<<20), 1<<26)
	s.Split(bufio.ScanWords)
	return s
}()

func tok() string {
	_sc.Scan()
	return _sc.Text()
}

func num() int {
	v, _ := strconv.Atoi(tok())
	return v
}

@@SOLVE@@

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	t := num()
	for i := 0; i < t; i++ {
		w.WriteString(solve())
		w.WriteString("\\n")
	}
}
`;

const TEMPLATES: Record<SourceLanguage, string> = { python: PY, javascript: JS, rust: RS, go: GO };

export function program(language: SourceLanguage, solve: string): string {
  return TEMPLATES[language].replace('@@SOLVE@@', () => solve.trim());
}

/** The reference's solve code with one patch applied; throws when `from` does not occur exactly once
 * (a family bug: the wrong answer would silently equal the reference). */
export function patched(solve: string, [from, to]: [string, string], what: string): string {
  const at = solve.indexOf(from);
  if (at < 0 || solve.indexOf(from, at + 1) >= 0) {
    throw new Error(`${what}: the patch text ${JSON.stringify(from)} must occur exactly once in the reference (found ${at < 0 ? 0 : 'several'})`);
  }
  return solve.slice(0, at) + to + solve.slice(at + from.length);
}
