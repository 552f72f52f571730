package anchor

import (
	"testing"
	"unicode/utf8"
)

// FuzzReanchor: never panics; results lie in the new text; exact and moved results hold the quote
// verbatim; confidence is within 0..1; and a selector built on the new text itself is exact there.
func FuzzReanchor(f *testing.F) {
	f.Add(article, "Breaking.\n\n"+article, 40, 25, "", "")
	f.Add("a\r\nb “c” 👩\u200d👩\u200d👧 🇺🇸 cafe\u0301", "a\nb \"c\" 👩\u200d👩\u200d👧 🇺🇸 café", 2, 6, "", "")
	f.Add("aaaa aaaa aaaa", "aaaa aaa aaaa", 5, 4, "", "")
	f.Add("", "", 0, 0, "x", "y")
	f.Add("abc", "xyz\xff\xfe", -3, 99, "\xff", "z")
	f.Add("the program the program", "the program", 12, 11, "the ", "")
	f.Fuzz(func(t *testing.T, oldText, newText string, start, length int, extraPrefix, extraSuffix string) {
		newRunes := []rune(newText)
		var sel Selector
		oldRunes := []rune(oldText)
		if n := len(oldRunes); n > 0 {
			start = ((start % n) + n) % n
			end := start + 1 + ((length%64)+64)%64
			end = min(end, n)
			var err error
			if sel, err = Describe(oldText, start, end); err != nil {
				t.Fatal(err)
			}
		} else {
			// A hostile selector: offsets and context that need not agree with anything.
			sel = Selector{Start: start, End: start + length, Exact: extraPrefix + extraSuffix}
		}
		sel.Prefix = extraPrefix + sel.Prefix
		sel.Suffix += extraSuffix
		r := Reanchor(newText, sel)
		check := func(r Result) {
			if r.Confidence < 0 || r.Confidence > 1 {
				t.Fatalf("confidence %v", r.Confidence)
			}
			switch r.Status {
			case StatusOrphan:
				return
			case StatusExact, StatusMoved, StatusFuzzy:
			default:
				t.Fatalf("status %q", r.Status)
			}
			if r.Start < 0 || r.End > len(newRunes) || r.Start >= r.End {
				t.Fatalf("range [%d, %d) in %d code points", r.Start, r.End, len(newRunes))
			}
			if r.Status != StatusFuzzy && string(newRunes[r.Start:r.End]) != string([]rune(sel.Exact)) {
				t.Fatalf("%s anchor holds %q, quote %q", r.Status, string(newRunes[r.Start:r.End]), sel.Exact)
			}
		}
		check(r)
		if all := ReanchorAll(newText, []Selector{sel, sel}); all[0] != r || all[1] != r {
			t.Fatalf("ReanchorAll %+v differs from Reanchor %+v", all, r)
		}
		if n := len(newRunes); n > 0 && utf8.ValidString(newText) {
			s := min(max(sel.Start, 0), n-1)
			self, _ := Describe(newText, s, min(n, s+1+len([]rune(sel.Exact))))
			if got := Reanchor(newText, self); got.Status != StatusExact || got.Start != self.Start || got.End != self.End {
				t.Fatalf("own selector %+v re-anchored to %+v", self, got)
			}
		}
	})
}
