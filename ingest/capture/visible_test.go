package capture

import (
	"strings"
	"testing"
)

// A page whose bytes changed but whose visible text did not is recognised from the archive, so refresh
// skips extracting it; a changed word anywhere in the page is seen.
func TestSameVisibleText(t *testing.T) {
	web := newSite(t)
	body := articlePage("Quiet edit", "The first wording.")
	web.html("/p", body)
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/p")
	v, _ := s.Version(r.DocID, 0)
	fetch := func(page string) *Page {
		web.html("/p", page)
		p, err := c.fetch.Fetch(t.Context(), web.URL+"/p", Conditional{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if !c.sameVisibleText(v.Capture, fetch(strings.Replace(body, "<title>", "<!-- ad 7 --><script>var nonce=42</script><title>", 1))) {
		t.Error("a comment and a script changed the visible text")
	}
	if c.sameVisibleText(v.Capture, fetch(strings.Replace(body, "first wording", "second wording", 1))) {
		t.Error("a changed word went unseen")
	}
	if c.sameVisibleText(v.Capture, fetch(strings.Replace(body, "<title>Quiet edit", "<title>Loud edit", 1))) {
		t.Error("a changed title went unseen")
	}
}

// The archive gives back a large page whole (gowarc without validation once gave back 3,470 of 402,879
// bytes, and the shortcut silently never held on real pages).
func TestSameVisibleTextOnALargePage(t *testing.T) {
	web := newSite(t)
	body := articlePage("Long read", strings.Repeat("A long paragraph of the long read, repeated. ", 8000))
	web.html("/long", body)
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/long")
	v, _ := s.Version(r.DocID, 0)
	web.html("/long", "<!-- served again -->"+body)
	p, err := c.fetch.Fetch(t.Context(), web.URL+"/long", Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Content) < 300_000 || !c.sameVisibleText(v.Capture, p) {
		t.Errorf("a %d-byte page with a new comment is not seen as the same", len(p.Content))
	}
}
