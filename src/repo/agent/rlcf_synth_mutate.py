"""Procedural bug candidates for `rlcf repo synth` (SWE-smith-style), with the standard library `ast`.

Runs inside the sandbox over a read-only view of the snapshot and prints JSON on stdout:
{"functions": n, "sites": {strategy: n}, "candidates": [{id, file, function, lineno, strategy,
description, bug_patch, gold_patch}]}. Nothing is written. Deterministic for a given seed, tree and
Python version: files are walked in sorted order, sites in AST order, and the sample is drawn with
random.Random(f"rlcf-synth:{seed}") (str seeds hash with sha512: stable across runs and platforms).

Edits are textual and minimal so that the gold patch (the reverse diff) reads like a real fix:
expression mutations replace one single-line node's source segment with the mutated node's
ast.unparse; statement mutations delete or swap whole lines. Every result is re-parsed and must
differ from the original AST.
"""
import argparse
import ast
import copy
import difflib
import json
import os
import random
import sys

STRATEGIES = ["flip-compare", "flip-boolop", "change-constant", "swap-operands",
              "remove-condition", "remove-assignment", "remove-loop", "invert-if-else", "remove-wrapper",
              "shuffle-statements", "remove-base-class", "remove-method"]
CLASS_STRATEGIES = ("remove-base-class", "remove-method")
SIMPLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Delete, ast.Assert)

NEGATE = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq,
          ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
SWAP_OP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
NONCOMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.LShift, ast.RShift, ast.MatMult)
SKIP_DIRS = {"tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "bench",
             ".git", "build", "dist", ".tox", "node_modules", "__pycache__"}


def is_test_file(rel):
    base = os.path.basename(rel)
    # tests, build scripts and vendored version machinery are not the library's code
    return (base.startswith("test_") or base.endswith("_test.py")
            or base in ("conftest.py", "setup.py", "noxfile.py", "versioneer.py", "_version.py"))


def source_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith(".") and not os.path.islink(os.path.join(d, x)))
        for f in sorted(files):
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            # a symlink may point out of the tree (or nowhere); a name with spaces or quotes does not
            # survive a diff header intact: neither is a site
            if (f.endswith(".py") and not is_test_file(rel) and not os.path.islink(path) and os.path.isfile(path)
                    and not any(c in rel for c in " \t\"'\\")):
                out.append(rel)
    return sorted(out)


def own_nodes(fn):
    """The function's nodes, not those of nested functions, classes or lambdas (they are sites of their own)"""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop(0)
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack[0:0] = list(ast.iter_child_nodes(n))


def complex_enough(fn, min_stmts):
    nodes = list(own_nodes(fn))
    stmts = sum(isinstance(n, ast.stmt) for n in nodes)
    branches = sum(isinstance(n, (ast.If, ast.For, ast.While, ast.Try, ast.BoolOp, ast.IfExp, ast.comprehension)) for n in nodes)
    return stmts >= min_stmts and branches >= 1


def class_complex_enough(cls, min_stmts):
    """A class with two methods or one of some complexity (a bare record class is not a site)"""
    methods = [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return len(methods) >= 2 or any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and complex_enough(n, min_stmts) for n in cls.body)


class Site:
    def __init__(self, strategy, node, action, desc):
        self.strategy, self.node, self.action, self.desc = strategy, node, action, desc


def expr_sites(fn):
    for n in own_nodes(fn):
        if not hasattr(n, "lineno") or n.lineno != getattr(n, "end_lineno", None):
            continue  # single-line expressions only: the edit stays one line
        if isinstance(n, ast.Compare) and len(n.ops) == 1:
            op = type(n.ops[0])
            if op in NEGATE:
                yield Site("flip-compare", n, ("op", NEGATE[op]), f"{op.__name__} -> {NEGATE[op].__name__}")
            if op in SWAP_OP:  # a == b and b == a mean the same: not a bug
                yield Site("swap-operands", n, ("swap-compare", None), "swap the operands of a comparison")
        elif isinstance(n, ast.BoolOp):
            new = ast.Or if isinstance(n.op, ast.And) else ast.And
            yield Site("flip-boolop", n, ("boolop", new), f"{type(n.op).__name__} -> {new.__name__}")
        elif isinstance(n, ast.BinOp) and isinstance(n.op, NONCOMMUTATIVE):
            yield Site("swap-operands", n, ("swap-binop", None), f"swap the operands of {type(n.op).__name__}")
        elif isinstance(n, ast.Constant) and type(n.value) is int:
            yield Site("change-constant", n, ("const", None), f"constant {n.value} +/- 1")


def block_lists(fn):
    for n in [fn, *own_nodes(fn)]:
        for field in ("body", "orelse", "finalbody"):
            b = getattr(n, field, None)
            if isinstance(b, list) and b and isinstance(b[0], ast.stmt):
                yield b


def stmt_sites(fn):
    for block in block_lists(fn):
        for i, s in enumerate(block):
            prev_end = block[i - 1].end_lineno if i else 0
            nxt = block[i + 1].lineno if i + 1 < len(block) else 10 ** 9
            if prev_end >= s.lineno or nxt <= s.end_lineno:
                continue  # shares a line with a sibling (`a = 1; b = 2`)
            alone = len(block) == 1
            if isinstance(s, ast.If) and not s.orelse:
                yield Site("remove-condition", s, ("delete", alone), "remove an if block")
            elif isinstance(s, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and not (isinstance(s, ast.AnnAssign) and s.value is None):
                yield Site("remove-assignment", s, ("delete", alone), "remove an assignment")
            elif isinstance(s, (ast.For, ast.While, ast.AsyncFor)) and not s.orelse:
                yield Site("remove-loop", s, ("delete", alone), "remove a loop")
            if isinstance(s, (ast.With, ast.AsyncWith, ast.Try)) and s.body[0].lineno > s.lineno:
                yield Site("remove-wrapper", s, ("unwrap", None), f"remove a {type(s).__name__.lower()} wrapper, keep its body")
            if (isinstance(s, ast.If) and s.orelse and not (len(s.orelse) == 1 and isinstance(s.orelse[0], ast.If))
                    and s.body[0].lineno > s.lineno):
                yield Site("invert-if-else", s, ("swap-blocks", None), "swap the if and else blocks")
            if i + 1 < len(block) and swappable(block, i, fn):
                yield Site("shuffle-statements", s, ("swap-next", block[i + 1]), "swap two adjacent statements")


def names(node, ctx):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}


def swappable(block, i, fn):
    """Two adjacent simple statements, each on lines of its own, that differ, and where the second
    does not read a name the first binds for the first time (that swap is an obvious
    UnboundLocalError, not a plausible bug). A docstring is not a statement to move."""
    a, b = block[i], block[i + 1]
    if not (isinstance(a, SIMPLE) and isinstance(b, SIMPLE)) or a.end_lineno >= b.lineno:
        return False
    if any(isinstance(x, ast.Expr) and isinstance(x.value, ast.Constant) and isinstance(x.value.value, str) for x in (a, b)):
        return False
    if i + 2 < len(block) and block[i + 2].lineno <= b.end_lineno:
        return False
    if ast.dump(a) == ast.dump(b):
        return False
    bound_before = set()
    for n in own_nodes(fn):
        if isinstance(n, ast.stmt) and n.lineno < a.lineno:
            bound_before |= names(n, ast.Store)
    bound_before |= {x.arg for x in ast.walk(fn.args) if isinstance(x, ast.arg)}
    if (names(a, ast.Store) - bound_before) & names(b, ast.Load):
        return False
    # two statements with no data dependency mean the same in either order: no bug (two bare calls
    # may share state we cannot see: `f.write(a)`, `f.write(b)`)
    bare = all(isinstance(x, ast.Expr) and isinstance(x.value, ast.Call) for x in (a, b))
    return bare or depends(a, b) or depends(b, a)


def has_call(stmt):
    return any(isinstance(n, ast.Call) for n in ast.walk(stmt))


def locations(stmt):
    """What a statement writes and reads, as source paths: `x`, `self.n`, `d[k]`. A store target's
    inner names are reads (`self` in `self.n = 1`); an augmented target is read too."""
    targets = getattr(stmt, "targets", None) or [getattr(stmt, "target", None)]
    writes, stack = set(), [t for t in targets if t is not None]
    while stack:
        t = stack.pop()
        if isinstance(t, (ast.Tuple, ast.List)):
            stack.extend(t.elts)
        elif isinstance(t, ast.Starred):
            stack.append(t.value)
        elif isinstance(t, (ast.Name, ast.Attribute, ast.Subscript)):
            writes.add(ast.unparse(t))
    value = getattr(stmt, "value", None)
    # reads in the value (or the whole expression statement), then those inside the targets
    scope = [value] if value is not None and not isinstance(stmt, ast.Expr) else [stmt]
    vreads = {ast.unparse(n) for v in scope if v is not None for n in ast.walk(v)
              if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(n.ctx, ast.Load)}
    reads = vreads | {ast.unparse(n) for n in ast.walk(stmt)
                      if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)) and isinstance(n.ctx, ast.Load)}
    if isinstance(stmt, ast.AugAssign):
        reads |= writes
        vreads |= writes
    return writes, reads, vreads


def root(path):
    for i, ch in enumerate(path):
        if ch in ".[(":
            return path[:i]
    return path


def depends(a, b):
    """b reads or rewrites what a writes (the same path or a part of it), or calls something with
    the object a changed (`self.n = 1` then `self.reset()`)"""
    wa, _, _ = locations(a)
    wb, rb, vb = locations(b)
    for w in wa:
        for r in rb | wb:
            if r == w or r.startswith(w + ".") or r.startswith(w + "["):
                return True
        if ("." in w or "[" in w) and has_call(b) and root(w) in vb:
            return True
    return False


def class_sites(cls):
    """remove-method: a method of a class with two or more; remove-base-class: one explicit base
    (not `object`) of a class whose header is on one line"""
    methods = [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if len(methods) >= 2:
        for m in methods:
            yield Site("remove-method", m, ("delete-def", len(cls.body) == 1), f"remove the method {m.name}")
    header_end = cls.body[0].lineno
    parts = [*cls.bases, *cls.keywords]
    if parts and all(p.lineno == cls.lineno == p.end_lineno for p in parts) and header_end > cls.lineno:
        for b in cls.bases:
            if not (isinstance(b, ast.Name) and b.id == "object"):
                yield Site("remove-base-class", b, ("drop-base", cls), f"remove the base class {ast.unparse(b)}")


def seg_replace(lines, node, text):
    """Replace a single-line node's segment (col offsets are UTF-8 byte offsets)"""
    i = node.lineno - 1
    b = lines[i].encode("utf-8")
    lines[i] = (b[:node.col_offset] + text.encode("utf-8") + b[node.end_col_offset:]).decode("utf-8")


def indent_of(line):
    return line[: len(line) - len(line.lstrip(" \t"))]


def apply_site(lines, site, rng):
    n, (kind, arg) = site.node, site.action
    lines = list(lines)
    if kind in ("op", "boolop", "swap-compare", "swap-binop", "const"):
        m = copy.deepcopy(n)
        if kind == "op":
            m.ops = [arg()]
        elif kind == "boolop":
            m.op = arg()
        elif kind == "swap-compare":
            m.left, m.comparators = n.comparators[0], [n.left]
            # `b < a`, not `b > a`: the swap must change the meaning
        elif kind == "swap-binop":
            m.left, m.right = n.right, n.left
        else:
            delta = rng.choice((1, -1))
            m.value = n.value + delta
            site.desc = f"constant {n.value} -> {m.value}"
        seg_replace(lines, n, ast.unparse(m))
        return lines
    if kind == "delete":
        a, b = n.lineno - 1, n.end_lineno
        if len(indent_of(lines[a])) != n.col_offset:
            return None
        repl = [indent_of(lines[a]) + "pass\n"] if arg else []
        return lines[:a] + repl + lines[b:]
    if kind == "unwrap":
        # the body replaces the statement, dedented to its level (handlers, else, finally dropped)
        a, b0, b1, e = n.lineno - 1, n.body[0].lineno - 1, n.body[-1].end_lineno, n.end_lineno
        outer, inner = indent_of(lines[a]), indent_of(lines[b0])
        if len(inner) <= len(outer) or not inner.startswith(outer):
            return None
        cut = len(inner) - len(outer)
        body = []
        for ln in lines[b0:b1]:
            if ln.strip() == "":
                body.append(ln)
            elif ln.startswith(inner[:cut]) and not ln[:cut].strip():
                body.append(ln[cut:])
            else:
                return None  # a line less indented than the block (a string's continuation): leave it
        return lines[:a] + body + lines[e:]
    if kind == "swap-next":
        # whole lines swapped; the two statements must be at the same indentation
        a0, a1, b0, b1 = n.lineno - 1, n.end_lineno, arg.lineno - 1, arg.end_lineno
        if indent_of(lines[a0]) != indent_of(lines[b0]) or a1 > b0:
            return None
        return lines[:a0] + lines[b0:b1] + lines[a1:b0] + lines[a0:a1] + lines[b1:]
    if kind == "delete-def":
        start = min([n.lineno, *(d.lineno for d in n.decorator_list)]) - 1
        if len(indent_of(lines[start])) != n.col_offset:
            return None
        repl = [indent_of(lines[start]) + "pass\n"] if arg else []
        return lines[:start] + repl + lines[n.end_lineno:]
    if kind == "drop-base":
        # the header re-rendered from the remaining bases and keywords' own source text
        cls, i = arg, n.lineno - 1
        raw = lines[i].encode("utf-8")
        parts = [*cls.bases, *cls.keywords]
        keep = [raw[p.col_offset:p.end_col_offset].decode("utf-8") for p in parts if p is not n]
        first, last = min(p.col_offset for p in parts), max(p.end_col_offset for p in parts)
        open_at, close_at = raw.rfind(b"(", 0, first), raw.find(b")", last)
        if open_at < 0 or close_at < 0 or raw[open_at + 1:first].strip() or raw[last:close_at].strip(b" ,"):
            return None
        inner = ("(" + ", ".join(keep) + ")") if keep else ""
        lines[i] = (raw[:open_at] + inner.encode("utf-8") + raw[close_at + 1:]).decode("utf-8")
        return lines
    if kind == "swap-blocks":
        b0, b1 = n.body[0].lineno - 1, n.body[-1].end_lineno
        e0, e1 = n.orelse[0].lineno - 1, n.orelse[-1].end_lineno
        body, other = lines[b0:b1], lines[e0:e1]
        if indent_of(body[0]) != indent_of(other[0]) or not (b1 <= e0):
            return None
        return lines[:b0] + other + lines[b1:e0] + body + lines[e1:]
    return None


def function_dump(tree, name, lineno):
    for f in ast.walk(tree):
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == name:
            return ast.dump(f)
    return None


def diff(rel, a, b):
    return "".join([f"diff --git a/{rel} b/{rel}\n"] + list(difflib.unified_diff(a, b, f"a/{rel}", f"b/{rel}", n=3)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/testbed")
    ap.add_argument("--seed", default="0")
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--strategies", default=",".join(STRATEGIES))
    ap.add_argument("--min-stmts", type=int, default=4)
    o = ap.parse_args()
    wanted = [s for s in o.strategies.split(",") if s]
    for s in wanted:
        if s not in STRATEGIES:
            sys.exit(f"unknown strategy {s!r}; known: {', '.join(STRATEGIES)}")
    rng = random.Random(f"rlcf-synth:{o.seed}")
    by_strategy = {s: [] for s in wanted}
    nfun = 0
    texts = {}
    for rel in source_files(o.root):
        try:
            with open(os.path.join(o.root, rel), encoding="utf-8") as fh:
                text = fh.read()
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError, RecursionError):
            continue
        if not text.endswith("\n"):
            continue  # difflib's diff of a last line without newline is not one git applies
        texts[rel] = (text, tree)
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and complex_enough(fn, o.min_stmts):
                nfun += 1
                for site in [*expr_sites(fn), *stmt_sites(fn)]:
                    if site.strategy in by_strategy:
                        by_strategy[site.strategy].append((rel, fn, site))
            elif isinstance(fn, ast.ClassDef) and class_complex_enough(fn, o.min_stmts):
                # a class's sites count once per class (a method removed, a base dropped)
                for site in class_sites(fn):
                    if site.strategy in by_strategy:
                        by_strategy[site.strategy].append((rel, fn, site))
    sites = {s: len(v) for s, v in by_strategy.items()}
    for s in wanted:
        rng.shuffle(by_strategy[s])
    # round-robin over the strategies, at most one candidate per (function, strategy)
    out, seen = [], set()
    pos = {s: 0 for s in wanted}
    while len(out) < o.limit and any(pos[s] < len(by_strategy[s]) for s in wanted):
        for s in wanted:
            if len(out) >= o.limit:
                break
            while pos[s] < len(by_strategy[s]):
                rel, fn, site = by_strategy[s][pos[s]]
                pos[s] += 1
                key = (rel, fn.name, fn.lineno, s)
                if key in seen:
                    continue
                text, tree = texts[rel]
                lines = text.splitlines(keepends=True)
                new = apply_site(lines, site, rng)
                if new is None:
                    continue
                new_text = "".join(new)
                try:
                    new_tree = ast.parse(new_text)
                except SyntaxError:
                    continue
                bug = diff(rel, lines, new)
                if ast.dump(new_tree) == ast.dump(tree) or bug in seen:
                    continue  # no change, or the same bug as an earlier candidate (ids must be unique)
                seen.add(key)
                seen.add(bug)
                qual = fn.name
                out.append({"id": f"{rel}:{fn.name}:{fn.lineno}:{s}:{site.node.lineno}", "file": rel, "function": qual,
                            "lineno": site.node.lineno, "strategy": s, "description": site.desc,
                            "bug_patch": bug, "gold_patch": diff(rel, new, lines)})
                break
    json.dump({"functions": nfun, "sites": sites, "candidates": out}, sys.stdout)


if __name__ == "__main__":
    main()
