package capture

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A <meta charset> past the prescan's 1024 bytes still counts, and a page with none that is valid UTF-8
// is read as UTF-8, not windows-1252 (the smoke test's page showed “ as â€œ).
func TestCharsetPastTheFirstKilobyte(t *testing.T) {
	pad := strings.Repeat("<!-- a long preamble of the head -->\n", 60)
	page := "<html><head>" + pad + `<meta charset="utf-8"><title>“Quoted”</title></head><body><p>“Yes”</p></body></html>`
	if out, name := toUTF8([]byte(page), "text/html"); name != "utf-8" || !strings.Contains(string(out), "“Yes”") {
		t.Errorf("meta past 1024 bytes: %s, %q", name, out[len(out)-40:])
	}
	bare := "<html><body>" + pad + "<p>“Yes” — no meta at all</p></body></html>"
	if out, name := toUTF8([]byte(bare), "text/html"); name != "utf-8" || !strings.Contains(string(out), "“Yes”") {
		t.Errorf("valid UTF-8 without a declaration: %s", name)
	}
	latin := []byte("<html><body><p>caf\xe9</p></body></html>") // not UTF-8: still windows-1252
	if out, name := toUTF8(latin, "text/html"); name != "windows-1252" || !strings.Contains(string(out), "café") {
		t.Errorf("windows-1252 without a declaration: %s %q", name, out)
	}
}

// laterMetaCharset, which runs its regexp only around each "charset", finds what the regexp finds over
// the whole 64 KiB head: on made-up heads (meta tags with the charset first, last, in any case, beside
// other tags that say "charset" in text or attributes, past the 64 KiB) and on the saved pages.
func TestLaterMetaCharsetIsTheWholeHeadsRegexp(t *testing.T) {
	whole := func(body []byte) string {
		m := metaCharset.FindSubmatch(body[:min(len(body), 64<<10)])
		if m == nil {
			return ""
		}
		return strings.ToLower(string(m[1]))
	}
	pieces := []string{"<!-- a comment -->", "<p>the charset = utf-8 in text</p>", `<meta name="x" content="charset=koi8-r">`,
		`<meta charset="ISO-8859-2">`, `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; CHARSET=Shift_JIS">`, "<meta\ncharset = 'utf-8'>",
		`<link rel="x" charset="utf-8">`, "<meta charset=>", "charset", "CharSet=gbk", `<meta http-equiv="refresh">`, "<meta ", ">",
		strings.Repeat("x", 700), "<script>var charset='big5'</script>", `<meta property="og:title" content="a > b" charset="euc-kr">`}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if rng.IntN(20) == 0 {
			b.WriteString(strings.Repeat("<!-- -->", 64<<10/8))
			b.WriteString(`<meta charset="koi8-u">`)
		}
		page := []byte(b.String())
		if got, want := laterMetaCharset(page), whole(page); got != want {
			t.Fatalf("%q: %q, the whole head's regexp %q", page, got, want)
		}
	}
	pages, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html.gz"))
	if bench := os.Getenv("GLOSS_EXTRACTION_BENCH"); bench != "" { // and the 181 pages, where they are
		more, _ := filepath.Glob(filepath.Join(bench, "html", "*.html.gz"))
		pages = append(pages, more...)
	}
	if len(pages) == 0 {
		t.Fatal("no saved pages")
	}
	for _, p := range pages {
		data := gunzip(t, p)
		for _, cut := range []int{len(data), 1500, 3000} { // whole, and with only the head's start left
			data := data[:min(cut, len(data))]
			if got, want := laterMetaCharset(data), whole(data); got != want {
				t.Errorf("%s cut at %d: %q, the whole head's regexp %q", p, cut, got, want)
			}
		}
	}
}
