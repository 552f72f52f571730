package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML block at the top of a Markdown file that Gloss reads; other keys are ignored.
type frontMatter struct {
	Title  string `yaml:"title"`
	Date   string `yaml:"date"`
	Source string `yaml:"source"`
	URL    string `yaml:"url"`
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
	scalar := func(key string) string {
		if n, ok := fields[key]; ok && n.Kind == yaml.ScalarNode {
			return n.Value
		}
		return ""
	}
	fm = frontMatter{Title: scalar("title"), Date: scalar("date"), Source: scalar("source"), URL: scalar("url")}
	return fm, text[loc[1]:], nil
}
