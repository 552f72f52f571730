package app

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// The frontend's types are written by hand in frontend/src/lib/api.ts. This test holds them to what Go
// sends: for every call<T>('Method', …) there, the JSON fields of Method's first result (through slices,
// pointers and embedded structs) must be T's fields, an omitempty field must be optional in TypeScript,
// and every field typed with another interface of api.ts is compared the same way, all the way down.
func TestTypeScriptTypesMatchGo(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/lib/api.ts")
	if err != nil {
		t.Fatal(err)
	}
	ifaces := parseInterfaces(string(src))
	calls := regexp.MustCompile(`call<([^>]+)>\('(\w+)'`).FindAllStringSubmatch(string(src), -1)
	if len(calls) < 50 {
		t.Fatalf("found only %d calls in api.ts: has its shape changed?", len(calls))
	}
	app := reflect.TypeOf(&App{})
	c := typeCheck{ifaces: ifaces, seen: map[string]bool{}}
	for _, m := range calls {
		ts, name := m[1], m[2]
		meth, ok := app.MethodByName(name)
		if !ok {
			t.Errorf("api.ts calls %s, which App does not have", name)
			continue
		}
		if meth.Type.NumOut() == 0 || meth.Type.Out(0) == reflect.TypeOf((*error)(nil)).Elem() {
			if ts != "void" {
				t.Errorf("%s returns nothing, api.ts expects %s", name, ts)
			}
			continue
		}
		c.compare(name, meth.Type.Out(0), ts)
	}
	for _, p := range c.problems {
		t.Error(p)
	}
}

type tsField struct {
	typ      string
	optional bool
}

// parseInterfaces reads `export interface Name { field: type … }` (one line or several) from TypeScript.
func parseInterfaces(src string) map[string]map[string]tsField {
	src = regexp.MustCompile(`//[^\n]*`).ReplaceAllString(src, "")
	out := map[string]map[string]tsField{}
	head := regexp.MustCompile(`export interface (\w+) \{`)
	for _, loc := range head.FindAllStringSubmatchIndex(src, -1) {
		name := src[loc[2]:loc[3]]
		body, depth := "", 1
		for i := loc[1]; i < len(src) && depth > 0; i++ {
			switch src[i] {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth > 0 {
				body += string(src[i])
			}
		}
		fields := map[string]tsField{}
		for _, part := range splitTop(body) {
			k, v, ok := strings.Cut(part, ":")
			if !ok {
				continue
			}
			k = strings.TrimSpace(k)
			fields[strings.TrimSuffix(k, "?")] = tsField{strings.TrimSpace(v), strings.HasSuffix(k, "?")}
		}
		out[name] = fields
	}
	return out
}

// splitTop splits an interface body at newlines and semicolons outside nested braces and brackets.
func splitTop(body string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range body {
		switch r {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case '\n', ';':
			if depth == 0 {
				parts = append(parts, body[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, body[start:])
}

type typeCheck struct {
	ifaces   map[string]map[string]tsField
	seen     map[string]bool
	problems []string
}

func (c *typeCheck) fail(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// compare holds the TypeScript type ts (at path where) to the Go type g.
func (c *typeCheck) compare(where string, g reflect.Type, ts string) {
	ts = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ts), "| null"))
	for g.Kind() == reflect.Pointer {
		g = g.Elem()
	}
	if strings.HasSuffix(ts, "[]") {
		if g.Kind() != reflect.Slice && g.Kind() != reflect.Array {
			c.fail("%s: api.ts has a list (%s), Go sends %s", where, ts, g)
			return
		}
		c.compare(where+"[]", g.Elem(), strings.TrimSuffix(ts, "[]"))
		return
	}
	fields, named := c.ifaces[ts]
	switch {
	case g == reflect.TypeOf(time.Time{}):
		if ts != "string" {
			c.fail("%s: Go sends a time (a string), api.ts has %s", where, ts)
		}
	case g.Kind() == reflect.Struct && named:
		key := g.String() + "=" + ts
		if c.seen[key] {
			return
		}
		c.seen[key] = true
		c.compareStruct(where, g, ts, fields)
	case g.Kind() == reflect.Struct:
		// an inline object type or an intersection: checked by svelte-check where it is used
	case named:
		c.fail("%s: api.ts has interface %s, Go sends %s", where, ts, g)
	case g.Kind() == reflect.String:
		if ts != "string" && !strings.Contains(ts, "'") {
			c.fail("%s: Go sends a string, api.ts has %s", where, ts)
		}
	case g.Kind() == reflect.Bool:
		if ts != "boolean" {
			c.fail("%s: Go sends a boolean, api.ts has %s", where, ts)
		}
	case g.Kind() >= reflect.Int && g.Kind() <= reflect.Float64:
		if ts != "number" && ts != "number | null" {
			c.fail("%s: Go sends a number, api.ts has %s", where, ts)
		}
	}
}

func (c *typeCheck) compareStruct(where string, g reflect.Type, ts string, fields map[string]tsField) {
	goFields := map[string]reflect.StructField{}
	jsonFields(g, goFields)
	for name, f := range goFields {
		tf, ok := fields[name]
		if !ok {
			c.fail("%s: Go's %s sends %q, missing from api.ts's %s", where, g, name, ts)
			continue
		}
		if strings.Contains(f.Tag.Get("json"), "omitempty") && !tf.optional {
			c.fail("%s.%s: Go's %s leaves it out when empty (omitempty), api.ts's %s should have %s?", where, name, g, ts, name)
		}
		c.compare(where+"."+name, f.Type, tf.typ)
	}
	var extra []string
	for name := range fields {
		if _, ok := goFields[name]; !ok {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		c.fail("%s: api.ts's %s has %v, which Go's %s does not send", where, ts, extra, g)
	}
}

// jsonFields collects the fields encoding/json writes for struct g, embedded structs flattened.
func jsonFields(g reflect.Type, out map[string]reflect.StructField) {
	for i := 0; i < g.NumField(); i++ {
		f := g.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" {
			e := f.Type
			for e.Kind() == reflect.Pointer {
				e = e.Elem()
			}
			if e.Kind() == reflect.Struct {
				jsonFields(e, out)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
}
