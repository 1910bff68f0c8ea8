// Statement-level strategies for the Go helper, as rlcf_synth_mutate.py has for Python:
// remove-condition, remove-assignment, remove-loop (whole lines deleted), invert-if-else (the two
// blocks' contents swapped), shuffle-statements (two adjacent simple statements swapped).
// A candidate that does not compile is dropped by validation anyway, but each costs a suite run, so
// the obvious compile errors are not generated: a removal that takes the last read of a local
// variable ("declared and not used") or of an imported package ("imported and not used"), that
// ends a statement list of a function with results ("missing return"), or that holds a label; a
// swap that moves a use before its `:=`.
package main

import (
	"go/ast"
	"go/token"
	"strings"
)

type stmtSite struct {
	strategy, desc string
	node           ast.Node
	edits          []edit
}

func stmtSites(fset *token.FileSet, f *ast.File, fd *ast.FuncDecl, src []byte) []stmtSite {
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	lineStart := func(o int) int {
		for o > 0 && src[o-1] != '\n' {
			o--
		}
		return o
	}
	lineEnd := func(o int) int { // just past the newline
		for o < len(src) && src[o] != '\n' {
			o++
		}
		return o + 1
	}
	// a statement alone on its lines: only blanks before it and after it
	alone := func(n ast.Node) bool {
		a, b := off(n.Pos()), off(n.End())
		return strings.TrimSpace(string(src[lineStart(a):a])) == "" && strings.TrimSpace(string(src[b:lineEnd(b)-1])) == ""
	}
	reads := readCounts(f, fd)
	imports := importNames(f)
	// reads inside n of local variables declared outside n, and of imported packages
	removable := func(n ast.Node) bool {
		inside := map[*ast.Object]int{}
		pkgs := map[string]int{}
		ok := true
		ast.Inspect(n, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.LabeledStmt:
				ok = false
			case *ast.BranchStmt:
				if x.Label != nil {
					ok = false
				}
			case *ast.SelectorExpr:
				if id, isId := x.X.(*ast.Ident); isId && id.Obj == nil && imports[id.Name] {
					pkgs[id.Name]++
				}
			case *ast.Ident:
				if x.Obj != nil && reads.isRead[x] && (x.Obj.Pos() < n.Pos() || x.Obj.Pos() >= n.End()) {
					inside[x.Obj]++
				}
			}
			return true
		})
		for o, k := range inside {
			if reads.local[o] && reads.count[o] <= k {
				return false
			}
		}
		for p, k := range pkgs {
			if reads.pkg[p] <= k {
				return false
			}
		}
		return ok
	}
	var out []stmtSite
	var walk func(list []ast.Stmt)
	visit := func(n ast.Node) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.FuncLit:
				walk(x.Body.List)
				return false
			case *ast.BlockStmt:
				if x != n {
					walk(x.List)
					return false
				}
			case *ast.CaseClause:
				walk(x.Body)
				return false
			case *ast.CommClause:
				walk(x.Body)
				return false
			}
			return true
		})
	}
	walk = func(list []ast.Stmt) {
		for i, s := range list {
			last := i == len(list)-1
			// of the statements removed only a `for` without a condition is terminating (Go spec):
			// at the end of a list it may be what makes the function end in a return
			endless := false
			if f, ok := s.(*ast.ForStmt); ok && f.Cond == nil {
				endless = true
			}
			del := alone(s) && !(last && endless) && removable(s)
			cut := edit{lineStart(off(s.Pos())), lineEnd(off(s.End()) - 1), ""}
			switch x := s.(type) {
			case *ast.IfStmt:
				if x.Else == nil && del {
					out = append(out, stmtSite{"remove-condition", "remove an if block", s, []edit{cut}})
				}
				if e, ok := x.Else.(*ast.BlockStmt); ok && len(x.Body.List) > 0 && len(e.List) > 0 {
					b0, b1, e0, e1 := off(x.Body.Lbrace)+1, off(x.Body.Rbrace), off(e.Lbrace)+1, off(e.Rbrace)
					if string(src[b0:b1]) != string(src[e0:e1]) {
						out = append(out, stmtSite{"invert-if-else", "swap the if and else blocks", s,
							[]edit{{b0, b1, string(src[e0:e1])}, {e0, e1, string(src[b0:b1])}}})
					}
				}
			case *ast.AssignStmt:
				if x.Tok != token.DEFINE && del {
					out = append(out, stmtSite{"remove-assignment", "remove an assignment", s, []edit{cut}})
				}
			case *ast.ForStmt, *ast.RangeStmt:
				if del {
					out = append(out, stmtSite{"remove-loop", "remove a loop", s, []edit{cut}})
				}
			}
			if !last && simple(s) && simple(list[i+1]) && alone(s) && alone(list[i+1]) && dependent(s, list[i+1]) {
				t := list[i+1]
				a0, a1, b0, b1 := lineStart(off(s.Pos())), lineEnd(off(s.End())-1), lineStart(off(t.Pos())), lineEnd(off(t.End())-1)
				if a1 <= b0 && string(src[a0:a1]) != string(src[b0:b1]) {
					text := string(src[b0:b1]) + string(src[a1:b0]) + string(src[a0:a1])
					out = append(out, stmtSite{"shuffle-statements", "swap two adjacent statements", s, []edit{{a0, b1, text}}})
				}
			}
			visit(s)
		}
	}
	walk(fd.Body.List)
	return out
}

func simple(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.IncDecStmt, *ast.SendStmt:
		return true
	}
	return false
}

// identifiers a statement binds, writes (assignment targets, x++, x[i] = , x.f = ) and reads
func idents(s ast.Stmt) (defs, writes, readsOf map[string]bool, calls bool) {
	defs, writes, readsOf = map[string]bool{}, map[string]bool{}, map[string]bool{}
	root := func(e ast.Expr) string {
		for {
			switch x := e.(type) {
			case *ast.Ident:
				return x.Name
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.ParenExpr:
				e = x.X
			default:
				return ""
			}
		}
	}
	var lhs []ast.Expr
	switch x := s.(type) {
	case *ast.AssignStmt:
		lhs = x.Lhs
		for _, l := range x.Lhs {
			if id, ok := l.(*ast.Ident); ok && x.Tok == token.DEFINE {
				defs[id.Name] = true
			}
		}
	case *ast.IncDecStmt:
		lhs = []ast.Expr{x.X}
	}
	for _, l := range lhs {
		if r := root(l); r != "" && r != "_" {
			writes[r] = true
		}
	}
	ast.Inspect(s, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			calls = true
		case *ast.Ident:
			readsOf[x.Name] = true
		}
		return true
	})
	return
}

// dependent: swapping changes what runs (a write the other reads or writes, or calls in both),
// and the second does not use a name the first declares (that swap does not compile)
func dependent(a, b ast.Stmt) bool {
	da, wa, ra, ca := idents(a)
	db, wb, rb, cb := idents(b)
	for n := range da {
		if rb[n] {
			return false
		}
	}
	for n := range db {
		if ra[n] {
			return false
		}
	}
	if ca && cb {
		return true
	}
	for n := range wa {
		if rb[n] || wb[n] {
			return true
		}
	}
	for n := range wb {
		if ra[n] {
			return true
		}
	}
	return false
}

type readInfo struct {
	isRead map[*ast.Ident]bool
	count  map[*ast.Object]int
	local  map[*ast.Object]bool
	pkg    map[string]int
}

// Which identifiers are reads in Go's sense of "used": not the declaring name, not the target of
// an assignment or ++/--; counted per object (locals of fd) and per imported package (whole file)
func readCounts(f *ast.File, fd *ast.FuncDecl) readInfo {
	ri := readInfo{map[*ast.Ident]bool{}, map[*ast.Object]int{}, map[*ast.Object]bool{}, map[string]int{}}
	notRead := map[*ast.Ident]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					notRead[id] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := x.X.(*ast.Ident); ok {
				notRead[id] = true
			}
		}
		return true
	})
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var {
			if id.Obj.Pos() >= fd.Body.Pos() && id.Obj.Pos() < fd.Body.End() {
				ri.local[id.Obj] = true
			}
			if id.Pos() != id.Obj.Pos() && !notRead[id] {
				ri.isRead[id] = true
				ri.count[id.Obj]++
			}
		}
		return true
	})
	imports := importNames(f)
	ast.Inspect(f, func(n ast.Node) bool {
		if x, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil && imports[id.Name] {
				ri.pkg[id.Name]++
			}
		}
		return true
	})
	return ri
}

// the names a file's imports bind (the explicit name, else the path's last element without a
// version suffix: an approximation of the package name, good for the standard library)
func importNames(f *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, im := range f.Imports {
		if im.Name != nil {
			out[im.Name.Name] = true
			continue
		}
		p := strings.Trim(im.Path.Value, "\"")
		parts := strings.Split(p, "/")
		name := parts[len(parts)-1]
		if len(parts) > 1 && strings.HasPrefix(name, "v") && strings.Trim(name[1:], "0123456789") == "" {
			name = parts[len(parts)-2]
		}
		out[strings.TrimSuffix(strings.Split(name, ".")[0], "-go")] = true
	}
	return out
}
