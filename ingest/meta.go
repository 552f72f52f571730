package ingest

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gloss/store"
)

// Meta is what ParseMeta finds at the top of a plain text article.
type Meta struct {
	Title     string
	Date      string // YYYY-MM-DD, or "" when unknown
	Source    string // outlet named by the text itself, or ""
	BodyStart int    // code point where the article body starts
}

const (
	// headerLines bounds the search for a headline: past it we are in the body.
	headerLines = 8
	// maxTitle is the longest title made from a first sentence, "…" included.
	maxTitle = 90
	// A headline has at least minHeadlineWords words; shorter lines at the top
	// are site names, section labels and tracker tags ("Quantcast").
	minHeadlineWords = 3
	// A line longer than maxHeadlineWords is a paragraph, not a headline.
	maxHeadlineWords = 20
	// sourceWindow is how far into the body (bytes) a wire credit may appear:
	// a subheading and a photo caption can come before it.
	sourceWindow = 1500
)

var (
	// scraperDate is the metadata prefix some scrapers put on the first line.
	scraperDate = regexp.MustCompile(`^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*`)
	// dateline is a line that starts with a date, optionally after a label or weekday.
	dateline = regexp.MustCompile(`(?i)^(?:(?:published|updated|posted)(?: on)?:?\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?` +
		`(\d{4}-\d{2}-\d{2}|[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4})\b`)
	// gluedWords catches menu labels scraped together ("CommunityThe Bullpen"):
	// real words rarely switch from a run of lowercase to a capitalised word.
	gluedWords = regexp.MustCompile(`\p{Ll}{4}\p{Lu}\p{Ll}`)
	// caption marks photo credits, which are never the headline.
	caption = regexp.MustCompile(`(?i)\bphoto(?:graph)?\s*(?::|by\b)|\(photo\b|getty images`)
	// wireTag is the outlet credit opening a paragraph: "(Headline USA) As …".
	wireTag = regexp.MustCompile(`(?m)^\((\p{Lu}[\p{L}.&' ]{1,40})\)[\s\p{Zs}]`)
	// copyrightLine names the publisher at the foot of a page: "© 2018 The Examiner".
	copyrightLine = regexp.MustCompile(`(?im)^[ \t]*(?:©|\(c\)|copyright)[ \t]*(?:\d{4}[ \t]*)?(?:by[ \t]+)?(.+?)[ \t.]*(?:all rights reserved\.?)?[ \t]*\r?$`)
	// sentenceEnd ends a sentence at . ! ? or the Arabic and Devanagari stops (plus closing quotes) before
	// a space, or at the full-width stops of Chinese and Japanese, which no space follows.
	sentenceEnd = regexp.MustCompile(`[.!?؟।]["'”’)»]*(?:\s|$)|[。！？]["'”’」』）]*`)
)

// ParseMeta finds the title, publication date and where the body starts in a
// plain text article. Lines before the headline that are not content (dates,
// labels, navigation, captions) are skipped and hidden from the body.
func ParseMeta(text string) Meta {
	var meta Meta
	body := -1 // byte offset, converted to code points at the end
	pos := 0
	for seen := 0; pos < len(text) && seen < headerLines && body < 0; {
		line, next := lineAt(text, pos)
		start := pos
		pos = next
		if strings.TrimSpace(line) == "" {
			continue
		}
		seen++
		if m := scraperDate.FindStringSubmatchIndex(line); m != nil && meta.Date == "" {
			// The scraper's date field is authoritative; what follows it on the
			// same line is either a tag or the first paragraph.
			meta.Date = line[m[2]:m[3]]
			start += m[1]
			line = line[m[1]:]
		}
		switch {
		case strings.TrimSpace(line) == "":
		case isDateline(line):
			if meta.Date == "" {
				meta.Date = parseDate(line)
			}
		case lineWords(line) < minHeadlineWords, gluedWords.MatchString(line), caption.MatchString(line):
			// Labels, navigation and captions: hidden, and never the title.
		case isParagraph(line):
			// No headline before the text: name the article by its first sentence.
			meta.Title = shorten(firstSentence(line), maxTitle)
			body = start
		default:
			meta.Title = strings.TrimSpace(line)
			body = skipAfterHeadline(text, pos, &meta)
		}
	}
	if body < 0 {
		body = 0 // nothing looked like content: hide nothing
	}
	meta.BodyStart = utf8.RuneCountInString(text[:body])
	meta.Source = findSource(text[body:])
	return meta
}

// skipAfterHeadline passes blank lines and a dateline under the headline, which
// belong to the header, and returns the byte offset where the body starts.
func skipAfterHeadline(text string, pos int, meta *Meta) int {
	for pos < len(text) {
		line, next := lineAt(text, pos)
		switch {
		case strings.TrimSpace(line) == "":
		case isDateline(line):
			if meta.Date == "" {
				meta.Date = parseDate(line)
			}
		default:
			return pos
		}
		pos = next
	}
	return pos
}

// lineAt returns the line starting at byte pos without its line ending (LF or
// CRLF) and the offset of the next line.
func lineAt(text string, pos int) (line string, next int) {
	end := strings.IndexByte(text[pos:], '\n')
	if end < 0 {
		return strings.TrimSuffix(text[pos:], "\r"), len(text)
	}
	return strings.TrimSuffix(text[pos:pos+end], "\r"), pos + end + 1
}

// isDateline: a short line that begins with a date is a dateline ("Thursday,
// July 25, 2024", "2024-07-25 10:30"), while a sentence mentioning a date is not.
func isDateline(line string) bool {
	line = strings.TrimSpace(line)
	return len(strings.Fields(line)) <= 8 && parseDate(line) != ""
}

// parseDate reads the date at the start of line as YYYY-MM-DD, or "".
func parseDate(line string) string {
	m := dateline.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return ""
	}
	value := strings.NewReplacer(",", "", ".", "").Replace(m[1])
	for _, layout := range []string{"2006-01-02", "January 2 2006", "Jan 2 2006", "2 January 2006", "2 Jan 2006"} {
		if t, err := time.Parse(layout, value); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// fullStops end a sentence that is not a question or an exclamation: Latin, Chinese and Japanese,
// Devanagari.
const fullStops = ".。।"

// isParagraph: headlines are short and do not end with a full stop.
func isParagraph(line string) bool {
	line = strings.TrimSpace(line)
	return lineWords(line) > maxHeadlineWords || strings.TrimRight(line, fullStops) != line
}

// lineWords counts a line's words for the headline rules: its runs between spaces, except in lines
// of Chinese, Japanese, Thai, Lao or Khmer, written without spaces between words, where it is
// store.CountWords' count (one per character there) divided by about a word's length (two characters
// for Chinese and Japanese, three letters for the others), so "北京空气质量" is a headline and "国际新闻"
// (a section label) is not. Counting runs between spaces made every Chinese headline a one-word label.
func lineWords(line string) int {
	for _, r := range line {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			return store.CountWords(line) / 2
		case unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer):
			return store.CountWords(line) / 3
		}
	}
	return len(strings.Fields(line))
}

func firstSentence(paragraph string) string {
	paragraph = strings.TrimSpace(paragraph)
	if loc := sentenceEnd.FindStringIndex(paragraph); loc != nil {
		paragraph = paragraph[:loc[1]]
	}
	return strings.TrimRight(strings.TrimSpace(paragraph), fullStops) // a title ends without its stop; ? and ! stay
}

// shorten cuts s at a word boundary so that it and the "…" fit in limit code points.
func shorten(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	// Look one code point past the room left for "…": a space there means
	// the last word fits whole.
	runes := []rune(s)
	cut := string(runes[:limit-1])
	if i := strings.LastIndexAny(string(runes[:limit]), " \t"); i > 0 {
		cut = string(runes[:limit])[:i]
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}

// findSource returns the outlet the article names itself: a wire-style credit
// opening one of the first paragraphs, else the last copyright line.
func findSource(body string) string {
	if m := wireTag.FindStringSubmatch(body[:min(len(body), sourceWindow)]); m != nil {
		return strings.TrimSpace(m[1])
	}
	if m := copyrightLine.FindAllStringSubmatch(body, -1); m != nil {
		return strings.TrimSpace(m[len(m)-1][1])
	}
	return ""
}
