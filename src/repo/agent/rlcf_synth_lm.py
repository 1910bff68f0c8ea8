"""LM rewrites for `rlcf repo synth --strategies lm-rewrite` (SWE-smith's LM rewrite), with the standard library `ast`.

Runs inside the sandbox over a read-only view of the snapshot; prints JSON on stdout, writes nothing.

  list  --root R --seed S --limit N: functions to rewrite (as the procedural helper picks them: outside
        tests, >= 4 statements of their own and a branch or loop), drawn with random.Random("rlcf-synth-lm:<seed>"):
        {functions, listed: [{id, file, function, lineno, end_lineno, indent, stub, imports}]}; `stub` is the
        function with its body removed (decorators, signature, docstring, `...`), dedented.
  apply --root R --answers FILE: FILE is JSON [{id, file, function, lineno, end_lineno, indent, code}]; each
        answer's last definition of the function replaces the function (from its `def` line to its end,
        re-indented), the file must still parse and differ in its AST:
        {results: [{id, ok, reason?, bug_patch?, gold_patch?}]}.
"""
import argparse
import ast
import json
import os
import random
import re
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# one definition of which files and functions are sites, and of the diff format: the procedural helper's
from rlcf_synth_mutate import complex_enough, diff, source_files  # noqa: E402


def parse_file(root, rel):
    try:
        with open(os.path.join(root, rel), encoding="utf-8") as fh:
            text = fh.read()
        return text, ast.parse(text)
    except (SyntaxError, UnicodeDecodeError, ValueError, OSError, RecursionError):
        return None, None


def stub_of(lines, fn):
    """decorators + signature (+ docstring) of fn, dedented, the body replaced by `...`"""
    first = min([d.lineno for d in fn.decorator_list] + [fn.lineno]) - 1
    body0 = fn.body[0]
    has_doc = isinstance(body0, ast.Expr) and isinstance(getattr(body0, "value", None), ast.Constant) and isinstance(body0.value.value, str)
    end = body0.end_lineno if has_doc else body0.lineno - 1
    head = "".join(lines[first:end])
    if not has_doc and body0.lineno == fn.lineno:
        return None  # `def f(): return x` on one line: no signature to separate
    indent = " " * (fn.body[0].col_offset - fn.col_offset)
    return textwrap.dedent(head).rstrip("\n") + "\n" + indent + "...\n", has_doc


def cmd_list(o):
    rng = random.Random(f"rlcf-synth-lm:{o.seed}")
    listed = []
    nfun = 0
    for rel in source_files(o.root):
        text, tree = parse_file(o.root, rel)
        if tree is None or not text.endswith("\n"):
            continue
        lines = text.splitlines(keepends=True)
        imports = "".join("".join(lines[n.lineno - 1:n.end_lineno]) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or not complex_enough(fn, o.min_stmts):
                continue
            s = stub_of(lines, fn)
            if s is None:
                continue
            nfun += 1
            listed.append({"id": f"{rel}:{fn.name}:{fn.lineno}:lm-rewrite", "file": rel, "function": fn.name, "lineno": fn.lineno,
                           "end_lineno": fn.end_lineno, "indent": fn.col_offset, "stub": s[0], "docstring": s[1], "imports": imports})
    # functions with a docstring first: the model has something to go on besides the name
    rng.shuffle(listed)
    listed.sort(key=lambda x: not x["docstring"])
    json.dump({"functions": nfun, "listed": listed[:o.limit]}, sys.stdout)


def last_def(tree, name):
    found = None
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name:
            if found is None or (n.lineno, n.col_offset) > (found.lineno, found.col_offset):
                found = n
    return found


def apply_one(root, a):
    text, tree = parse_file(root, a["file"])
    if tree is None:
        return {"reason": "file_unreadable"}
    # leading tabs as 4 columns: the function is re-indented with spaces, and a tab-indented answer then
    # differs from the original only where it really does (Python 3 rejects indentation whose meaning
    # depends on the tab width, so any width gives the same blocks)
    code = textwrap.dedent(re.sub(r"(?m)^[ \t]+", lambda m: m.group(0).expandtabs(4), a["code"]))
    try:
        answer = ast.parse(code)
    except SyntaxError as e:
        return {"reason": "unparsable", "detail": f"{e.msg} (line {e.lineno})"}
    fn = last_def(answer, a["function"])
    if fn is None:
        return {"reason": "no_function", "detail": f"the answer defines no {a['function']}"}
    src = code.splitlines(keepends=True)[fn.lineno - 1:fn.end_lineno]
    body = textwrap.dedent("".join(src))
    pad = " " * a["indent"]
    new_fn = [(pad + ln if ln.strip() else ln) for ln in body.splitlines(keepends=True)]
    if new_fn and not new_fn[-1].endswith("\n"):
        new_fn[-1] += "\n"
    lines = text.splitlines(keepends=True)
    new = lines[:a["lineno"] - 1] + new_fn + lines[a["end_lineno"]:]
    try:
        new_tree = ast.parse("".join(new))
    except SyntaxError as e:
        return {"reason": "unparsable", "detail": f"in place: {e.msg} (line {e.lineno})"}
    if ast.dump(new_tree) == ast.dump(tree):
        return {"reason": "unchanged"}
    return {"ok": True, "bug_patch": diff(a["file"], lines, new), "gold_patch": diff(a["file"], new, lines)}


def cmd_apply(o):
    with open(o.answers, encoding="utf-8") as fh:
        answers = json.load(fh)
    out = []
    for a in answers:
        r = apply_one(o.root, a)
        out.append({"id": a["id"], "ok": bool(r.get("ok")), **r})
    json.dump({"results": out}, sys.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["list", "apply"])
    ap.add_argument("--root", default="/testbed")
    ap.add_argument("--seed", default="0")
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--min-stmts", type=int, default=4)
    ap.add_argument("--answers")
    o = ap.parse_args()
    cmd_list(o) if o.mode == "list" else cmd_apply(o)


if __name__ == "__main__":
    main()
