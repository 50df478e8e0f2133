// Batch reader for the hostile-input suite: parses every .go file in a directory with go/parser
// (the parser gofmt and the compiler front end share) and prints, per file, what the generated
// config.go means: each Config field's envconfig and default tags exactly as envconfig reads them
// (reflect.StructTag.Get, i.e. strconv.Unquote), the field's doc comments, and the string values of
// the rules table. Nothing is compiled or run. Usage: goextract DIR > result.json
package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
)

type field struct {
	Name       string   `json:"name"`
	Env        string   `json:"env"`
	Default    string   `json:"default"`
	HasDefault bool     `json:"hasDefault"`
	Comments   []string `json:"comments"`
}

type rule struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

type result struct {
	OK     bool    `json:"ok"`
	Error  string  `json:"error,omitempty"`
	Fields []field `json:"fields"`
	Rules  []rule  `json:"rules"`
}

func unquote(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "<not a string literal>"
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return s
}

func extract(f *ast.File) result {
	r := result{OK: true, Fields: []field{}, Rules: []rule{}}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			st, ok := n.Type.(*ast.StructType)
			if !ok || n.Name.Name != "Config" {
				return true
			}
			for _, fl := range st.Fields.List {
				fd := field{Comments: []string{}}
				if len(fl.Names) > 0 {
					fd.Name = fl.Names[0].Name
				}
				if fl.Tag != nil {
					raw, err := strconv.Unquote(fl.Tag.Value)
					if err != nil {
						fd.Env = "<" + err.Error() + ">"
					} else {
						tag := reflect.StructTag(raw)
						fd.Env = tag.Get("envconfig")
						fd.Default, fd.HasDefault = tag.Lookup("default")
					}
				}
				if fl.Doc != nil {
					for _, c := range fl.Doc.List {
						fd.Comments = append(fd.Comments, c.Text)
					}
				}
				r.Fields = append(r.Fields, fd)
			}
		case *ast.CompositeLit:
			// The rules table's elements have an elided type: recognise them by their `key:` field.
			var rl rule
			isRule := false
			for _, el := range n.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				switch key.Name {
				case "key":
					rl.Key = unquote(kv.Value)
					isRule = true
				case "values":
					if cl, ok := kv.Value.(*ast.CompositeLit); ok {
						for _, v := range cl.Elts {
							rl.Values = append(rl.Values, unquote(v))
						}
					}
				}
			}
			if isRule {
				if rl.Values == nil {
					rl.Values = []string{}
				}
				r.Rules = append(r.Rules, rl)
			}
		}
		return true
	})
	return r
}

func main() {
	dir := os.Args[1]
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		panic(err)
	}
	sort.Strings(paths)
	out := map[string]result{}
	for _, p := range paths {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments|parser.AllErrors)
		if err != nil {
			out[filepath.Base(p)] = result{OK: false, Error: err.Error()}
			continue
		}
		out[filepath.Base(p)] = extract(f)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
