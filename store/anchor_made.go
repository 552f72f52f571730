package store

// MadeQuote is an annotation's quote as it was made: the version and the words the person
// selected, with their context. Re-anchoring onto a new version rewrites the selectors to the
// words found there (an edited sentence, fuzzy); the quote as made stays beside them so that
// Review and the exports can show what the person highlighted (issue 17).
type MadeQuote struct {
	Version int    `json:"version"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Exact   string `json:"exact"`
	Prefix  string `json:"prefix"`
	Suffix  string `json:"suffix"`
}

// madeQuote is a's quote as made: the one kept on its anchor, else its selectors (an annotation
// never re-anchored still describes the words it was made on).
func madeQuote(a Annotation) *MadeQuote {
	if a.Anchor.Made != nil {
		return a.Anchor.Made
	}
	return &MadeQuote{Version: a.Version, Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix}
}

// Made is the quote as the person made it (version and wording), whether or not re-anchoring
// has moved the annotation since.
func (a Annotation) Made() MadeQuote { return *madeQuote(a) }
