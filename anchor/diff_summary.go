package anchor

import "unicode"

// DiffSummary says how much a word diff changed: the words added and removed and the number of places
// that changed (a deletion next to an insertion is one place: a replacement).
type DiffSummary struct {
	Inserted int `json:"inserted"` // words only in the new text
	Deleted  int `json:"deleted"`  // words only in the old text
	Changes  int `json:"changes"`  // runs of insertions and deletions between equal text
}

// SummarizeDiff counts the changes of a DiffVersions result. A run of white space or punctuation alone
// that differs is still a change, of no words.
func SummarizeDiff(ops []DiffOp) DiffSummary {
	var s DiffSummary
	inChange := false
	for _, op := range ops {
		switch op.Op {
		case "insert":
			s.Inserted += diffWords(op.Text)
		case "delete":
			s.Deleted += diffWords(op.Text)
		default:
			inChange = false
			continue
		}
		if !inChange {
			s.Changes++
			inChange = true
		}
	}
	return s
}

// diffWords counts runs of letters and digits (an apostrophe or hyphen inside a word keeps it one).
func diffWords(text string) int {
	n, in := 0, false
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if !in {
				n++
			}
			in = true
		case in && (r == '\'' || r == '’' || r == '-'):
		default:
			in = false
		}
	}
	return n
}
