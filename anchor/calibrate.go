package anchor

import "strings"

// Calibration of a followed passage's confidence (issue 17: the confidence shown should mean what
// it says). Before, a followed fuzzy passage stated the matcher's score (mean of quote and context
// similarity), which says how much the text around it changed, not how often such an anchor is
// right: on the tuning sets (news-tune, news-held, news-fresh) anchors scored under 0.70 were
// right 93 % of the time, 0.70–0.90 98 %, and an exact passage 99 % at every level, so confidence
// told nothing. The classes below, and the figures they state, are read off those sets
// (BENCHMARKS.md, "Re-anchoring (issue 17)", calibration); the held-back set real1 checks them.
//
//   - its own words at its own place with its whole context: 1;
//   - its own words, the text beside it changed, the quote found nowhere else: 0.99;
//   - its own words, but the quote occurs elsewhere in the new text too and one side of its
//     context is gone (under MinContextSupport): the alignment may have paired it with another
//     copy (right about 90 % of the time): RepeatedConfidence, reported fuzzy so that it goes to
//     Review, as a moved anchor under ReviewConfidence is;
//   - words changed (fuzzy): 0.80 + 0.20 × the matcher's score (right 93 % of the time under 0.70,
//     98 % at 0.70–0.90, 99.6 % above), at most 0.99.

// RepeatedConfidence is the confidence of a followed verbatim passage whose quote recurs in the new
// text without one side of its context.
const RepeatedConfidence = 0.88

// calibrateFollowed restates the confidence of a passage followed through the alignment.
func (d *document) calibrateFollowed(newText string, o Selector, r Result) Result {
	switch r.Status {
	case StatusExact:
		if r.Confidence >= 1 || !occursTwice(newText, string(d.runes[r.Start:r.End])) {
			return r
		}
		q := &query{old: o, exact: []rune(o.Exact), quote: foldString(o.Exact), prefix: foldString(o.Prefix), suffix: foldString(o.Suffix)}
		c := d.newCandidate(q, d.norm.fromOrig(r.Start), d.norm.fromOrig(r.End-1)+1, 0)
		if min(c.prefixSim, c.suffixSim) < MinContextSupport {
			r.Status, r.Confidence = StatusFuzzy, RepeatedConfidence
		}
	case StatusFuzzy:
		r.Confidence = min(0.99, 0.80+0.20*r.Confidence)
	}
	return r
}

// occursTwice reports whether sub occurs at least twice in text (overlaps counted).
func occursTwice(text, sub string) bool {
	i := strings.Index(text, sub)
	return i >= 0 && strings.Contains(text[i+1:], sub)
}
