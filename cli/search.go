package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gloss/search"
	"gloss/store"
)

func init() {
	register(
		command{"search", "search [--json] [--tag NAME] [--from DATE] [--to DATE] [--source S] [--limit N] QUERY", "search the library: words, \"phrases\", prefix*, -exclusion, OR", runSearch},
		command{"reindex", "reindex", "rebuild the search index from the library", runReindex},
	)
}

// searchFlags are read by hand, not with package flag: a query word like -brown is an exclusion, not an
// unknown flag.
var searchFlags = []string{"tag", "from", "to", "source", "limit"}

func splitSearchArgs(args []string) (values map[string]string, words []string, err error) {
	values = map[string]string{}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		isFlag := strings.HasPrefix(args[i], "-")
		known := false
		for _, f := range searchFlags {
			known = known || name == f
		}
		if !isFlag || !known {
			words = append(words, args[i])
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, nil, usageError{"--" + name + " needs a value"}
			}
			value = args[i+1]
			i++
		}
		values[name] = value
	}
	return values, words, nil
}

func runSearch(e *env, args []string) error {
	values, words, err := splitSearchArgs(args)
	if err != nil {
		return err
	}
	q := search.Query{Text: strings.Join(words, " "), From: values["from"], To: values["to"], Source: values["source"]}
	if v, ok := values["limit"]; ok {
		if q.Limit, err = strconv.Atoi(v); err != nil || q.Limit < 1 {
			return usageError{"--limit needs a positive number"}
		}
	}
	if strings.TrimSpace(q.Text) == "" && len(values) == 0 {
		return usageError{"no query given"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if name := values["tag"]; name != "" {
		t, err := tagByPath(s, name, false)
		if err != nil {
			return err
		}
		q.TagID = t.ID
	}
	res, err := e.search(s, q)
	if err != nil {
		return err
	}
	if res.Notice != "" {
		fmt.Fprintf(e.stderr, "gloss: %s\n", res.Notice)
	}
	if e.json {
		return e.printJSON(res)
	}
	for _, d := range res.Docs {
		fmt.Fprintf(e.stdout, "%s  %s  %s  (%d hits)\n", orDash(d.DocID+d.NoteID), orDash(d.Date), d.Title, d.HitCount)
		for _, h := range d.Hits {
			where := ""
			if h.In != "body" {
				where = h.In + " "
			}
			fmt.Fprintf(e.stdout, "    %s[%d,%d)  %s\n", where, h.Start, h.End, oneLine(h.Snippet))
		}
	}
	fmt.Fprintf(e.stderr, "%d matching of which %d shown\n", res.Total, len(res.Docs))
	return nil
}

// search answers q from the window's index when the window runs the command (it holds the index
// open), else from the index opened here.
func (e *env) search(s *store.Store, q search.Query) (search.Results, error) {
	if e.index != nil {
		return e.index.Current(q)
	}
	ix, err := openIndex(e, s)
	if err != nil {
		return search.Results{}, err
	}
	defer ix.Close()
	return ix.Search(s, q)
}

// openIndex opens the library's index and brings it up to date first, saying so when that takes work.
func openIndex(e *env, s *store.Store) (*search.Index, error) {
	ix, err := search.Open(store.LayoutOf(e.dbPath).SearchIndex())
	if err != nil {
		return nil, err
	}
	st, err := ix.Status(s)
	if err == nil && !st.Ready {
		fmt.Fprintf(e.stderr, "gloss: search index: %s\n", st.Reason)
		err = ix.CatchUp(context.Background(), s, nil)
	}
	if err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

func runReindex(e *env, args []string) error {
	if len(args) > 0 {
		return usageError{"unexpected argument " + args[0]}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	indexed := 0
	progress := func(done, _ int) { indexed = done }
	if e.index != nil {
		err = e.index.RebuildNow(progress)
	} else {
		err = rebuildIndex(e.dbPath, s, progress)
	}
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"indexed": indexed, "dir": store.LayoutOf(e.dbPath).SearchIndex()})
	}
	fmt.Fprintf(e.stdout, "indexed %d entries into %s\n", indexed, store.LayoutOf(e.dbPath).SearchIndex())
	return nil
}

func rebuildIndex(dbPath string, s *store.Store, progress func(done, total int)) error {
	ix, err := search.Open(store.LayoutOf(dbPath).SearchIndex())
	if err != nil {
		return err
	}
	defer ix.Close()
	return ix.Rebuild(context.Background(), s, progress)
}

// oneLine shows a snippet on one line: a paragraph break (any run of line breaks) as " ¶ ", tabs as
// spaces; the snippet is otherwise the text's own (--json gives it exactly).
func oneLine(s string) string {
	var b strings.Builder
	brk := false
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			brk = true
			continue
		}
		if brk {
			b.WriteString(" ¶ ")
			brk = false
		}
		if r == '\t' {
			r = ' '
		}
		b.WriteRune(r)
	}
	if brk {
		b.WriteString(" ¶")
	}
	return strings.ReplaceAll(b.String(), " ¶  ", " ¶ ")
}
