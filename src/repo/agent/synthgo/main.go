// Procedural bug candidates for `rlcf repo synth` on Go repositories, with the standard library's
// go/ast: the Go counterpart of rlcf_synth_mutate.py (same JSON on stdout, same sampling idea).
// Edits are made at byte offsets: token-level (an operator, a literal, two operands swapped: one-line
// diffs) or statement-level (stmts.go: whole lines deleted or swapped); the helper reports the
// changed lines and the host writes the diffs. Runs in the sandbox; reads the tree, runs none of it.
// Usage: go run main.go stmts.go -root /testbed -seed S -limit N -strategies a,b
package main

import (
	"crypto/sha512"
	"encoding/binary"
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type edit struct {
	off, end int
	text     string
}

type site struct {
	file, fn, strategy, desc string
	line                     int
	edits                    []edit
}

type cand struct {
	ID          string `json:"id"`
	File        string `json:"file"`
	Function    string `json:"function"`
	Lineno      int    `json:"lineno"`
	Strategy    string `json:"strategy"`
	Description string `json:"description"`
	// the changed lines, from lineno on, before and after (After is empty for a deletion)
	Before []string `json:"before"`
	After  []string `json:"after"`
}

var negate = map[token.Token]token.Token{token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.EQL: token.NEQ, token.NEQ: token.EQL}

func main() {
	root := flag.String("root", "/testbed", "")
	seed := flag.String("seed", "0", "")
	limit := flag.Int("limit", 20, "")
	strats := flag.String("strategies", "flip-compare,flip-boolop,change-constant,swap-operands,remove-condition,remove-assignment,remove-loop,invert-if-else,shuffle-statements", "")
	minStmts := flag.Int("min-stmts", 4, "")
	flag.Parse()
	wanted := strings.Split(*strats, ",")
	by := map[string][]site{}
	texts := map[string][]byte{}
	nfun := 0
	var files []string
	filepath.WalkDir(*root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() && p != *root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "testdata") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") && !strings.ContainsAny(name, " \t\"'\\") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for _, p := range files {
		rel, _ := filepath.Rel(*root, p)
		src, err := os.ReadFile(p)
		if err != nil || len(src) == 0 || src[len(src)-1] != '\n' {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			continue
		}
		texts[rel] = src
		off := func(pos token.Pos) int { return fset.Position(pos).Offset }
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			stmts, branches := 0, 0
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case ast.Stmt:
					stmts++
					switch x.(type) {
					case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt:
						branches++
					}
				}
				return true
			})
			if stmts < *minStmts || branches < 1 {
				continue
			}
			nfun++
			add := func(s string, n ast.Node, desc string, e ...edit) {
				by[s] = append(by[s], site{rel, fd.Name.Name, s, desc, fset.Position(n.Pos()).Line, e})
			}
			for _, st := range stmtSites(fset, f, fd, src) {
				add(st.strategy, st.node, st.desc, st.edits...)
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.BinaryExpr:
					if fset.Position(x.Pos()).Line != fset.Position(x.End()).Line {
						return true
					}
					opEnd := off(x.OpPos) + len(x.Op.String())
					if t, ok := negate[x.Op]; ok {
						add("flip-compare", x, x.Op.String()+" -> "+t.String(), edit{off(x.OpPos), opEnd, t.String()})
					}
					if x.Op == token.LAND || x.Op == token.LOR {
						t := token.LOR
						if x.Op == token.LOR {
							t = token.LAND
						}
						add("flip-boolop", x, x.Op.String()+" -> "+t.String(), edit{off(x.OpPos), opEnd, t.String()})
					}
					if x.Op == token.LSS || x.Op == token.GTR || x.Op == token.LEQ || x.Op == token.GEQ || x.Op == token.SUB || x.Op == token.QUO || x.Op == token.REM || x.Op == token.SHL || x.Op == token.SHR {
						l, r := src[off(x.X.Pos()):off(x.X.End())], src[off(x.Y.Pos()):off(x.Y.End())]
						if string(l) != string(r) {
							add("swap-operands", x, "swap the operands of "+x.Op.String(), edit{off(x.X.Pos()), off(x.X.End()), string(r)}, edit{off(x.Y.Pos()), off(x.Y.End()), string(l)})
						}
					}
				case *ast.BasicLit:
					if x.Kind == token.INT {
						if v, err := strconv.ParseInt(x.Value, 0, 64); err == nil && x.Value == strconv.FormatInt(v, 10) {
							add("change-constant", x, "constant "+x.Value, edit{off(x.Pos()), off(x.End()), ""})
						}
					}
				}
				return true
			})
		}
	}
	h := sha512.Sum512([]byte("rlcf-synth:" + *seed))
	rng := rand.New(rand.NewSource(int64(binary.BigEndian.Uint64(h[:8]))))
	sites := map[string]int{}
	for _, s := range wanted {
		sites[s] = len(by[s])
		l := by[s]
		rng.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
	}
	out := []cand{}
	seen := map[string]bool{}
	pos := map[string]int{}
	for more := true; len(out) < *limit && more; {
		more = false
		for _, s := range wanted {
			for len(out) < *limit && pos[s] < len(by[s]) {
				st := by[s][pos[s]]
				pos[s]++
				more = true
				key := st.file + "\x00" + st.fn + "\x00" + s
				if seen[key] {
					continue
				}
				src := texts[st.file]
				if s == "change-constant" {
					v, _ := strconv.ParseInt(string(src[st.edits[0].off:st.edits[0].end]), 10, 64)
					d := int64(1)
					if rng.Intn(2) == 0 {
						d = -1
					}
					if v+d < 0 {
						d = 1
					}
					st.edits[0].text = strconv.FormatInt(v+d, 10)
					st.desc = "constant " + strconv.FormatInt(v, 10) + " -> " + st.edits[0].text
				}
				// edits in descending offset order keep earlier offsets valid
				es := append([]edit(nil), st.edits...)
				sort.Slice(es, func(i, j int) bool { return es[i].off > es[j].off })
				nb := append([]byte(nil), src...)
				for _, e := range es {
					nb = append(append(append([]byte(nil), nb[:e.off]...), e.text...), nb[e.end:]...)
				}
				if _, err := parser.ParseFile(token.NewFileSet(), st.file, nb, 0); err != nil {
					continue
				}
				if string(nb) == string(src) {
					continue
				}
				seen[key] = true
				// the changed lines: what is left after the common leading and trailing lines
				lines := strings.Split(string(src), "\n")
				nl := strings.Split(string(nb), "\n")
				p := 0
				for p < len(lines) && p < len(nl) && lines[p] == nl[p] {
					p++
				}
				q := 0
				for q < len(lines)-p && q < len(nl)-p && lines[len(lines)-1-q] == nl[len(nl)-1-q] {
					q++
				}
				out = append(out, cand{st.file + ":" + st.fn + ":" + s + ":" + strconv.Itoa(st.line), st.file, st.fn, p + 1, s, st.desc,
					append([]string{}, lines[p:len(lines)-q]...), append([]string{}, nl[p:len(nl)-q]...)})
				break
			}
		}
	}
	json.NewEncoder(os.Stdout).Encode(map[string]any{"functions": nfun, "sites": sites, "candidates": out})
}
