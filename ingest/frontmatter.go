package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"gloss/store"
)

// frontMatter is the YAML block at the top of a Markdown file that Gloss reads; other keys are ignored.
// Several spellings are read for each field (Jekyll, Hugo, Pandoc, Obsidian, Gloss's own export).
type frontMatter struct {
	Title, Date, Source, URL               string
	Authors                                []string
	Modified, Language, Section, Canonical string
}

// frontMatterBlock is "---" on the first line, YAML, then "---" or "..." on a line of its own.
var frontMatterBlock = regexp.MustCompile(`^---[ \t]*\r?\n((?s:.*?))(?:^|\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)`)

// splitFrontMatter returns the front matter's values and the Markdown after it; text without front
// matter comes back whole.
func splitFrontMatter(text string) (frontMatter, string, error) {
	var fm frontMatter
	loc := frontMatterBlock.FindStringSubmatchIndex(text)
	if loc == nil {
		return fm, text, nil
	}
	// Decode into nodes first: a list or a map where a string belongs is ignored, not fatal.
	var fields map[string]yaml.Node
	if err := yaml.Unmarshal([]byte(text[loc[2]:loc[3]]), &fields); err != nil {
		return fm, "", fmt.Errorf("the front matter is not valid YAML: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	lower := map[string]yaml.Node{}
	for k, v := range fields {
		lower[strings.ToLower(k)] = v
	}
	scalar := func(keys ...string) string {
		for _, key := range keys {
			if n, ok := lower[key]; ok && n.Kind == yaml.ScalarNode && strings.TrimSpace(n.Value) != "" {
				return n.Value
			}
		}
		return ""
	}
	fm = frontMatter{
		Title:     scalar("title"),
		Date:      scalar("date", "published", "datepublished", "pubdate"),
		Source:    scalar("source", "outlet", "publisher", "site", "site_name"),
		URL:       scalar("url", "link", "source_url"),
		Modified:  scalar("modified", "updated", "lastmod", "last_modified", "datemodified"),
		Language:  scalar("language", "lang", "inlanguage"),
		Section:   scalar("section", "category"),
		Canonical: scalar("canonical", "canonical_url", "canonicalurl"),
	}
	for _, key := range []string{"authors", "author", "byline", "creator", "creators"} {
		if n, ok := lower[key]; ok {
			fm.Authors = yamlNames(&n, fm.Authors)
		}
		if len(fm.Authors) > 0 {
			break
		}
	}
	return fm, text[loc[1]:], nil
}

// yamlNames reads authors written as a string ("Jane Doe and John Roe"), a list of strings, or a list of
// maps with a name (Hugo, CSL: {name: …} or {given: …, family: …}).
func yamlNames(n *yaml.Node, names []string) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		return appendNames(names, n.Value)
	case yaml.SequenceNode:
		for _, item := range n.Content {
			names = yamlNames(item, names)
		}
	case yaml.MappingNode:
		var name, given, family string
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; v.Kind == yaml.ScalarNode {
				switch strings.ToLower(n.Content[i].Value) {
				case "name", "display_name", "literal":
					name = v.Value
				case "given", "given_name", "first":
					given = v.Value
				case "family", "family_name", "last":
					family = v.Value
				}
			}
		}
		if name == "" {
			name = strings.TrimSpace(given + " " + family)
		}
		if name != "" {
			names = appendNames(names, name)
		}
	}
	return names
}

// meta is the front matter's part of store.Meta, cleaned as a page's is.
func (fm frontMatter) meta() store.Meta {
	m := store.Meta{Modified: pageDate(fm.Modified), Language: languageTag(fm.Language), Section: CleanLine(fm.Section),
		Canonical: cleanURL(fm.Canonical)}
	for _, a := range fm.Authors {
		if a = CleanLine(a); a != "" {
			m.Authors = append(m.Authors, a)
		}
	}
	return m
}
