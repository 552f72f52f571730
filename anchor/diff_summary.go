package anchor

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// JoinChanges makes a word diff read as a person would mark it: changes separated only by white space
// become one replacement ("the [-Pentagon-]{+Defense Department+} said" rather than an insertion, a
// space kept and another insertion), with the deletion before the insertion. White space the joined
// deletion and insertion both end with stays equal text. Equal and delete still spell the old text,
// equal and insert the new one.
func JoinChanges(ops []DiffOp) []DiffOp {
	out := make([]DiffOp, 0, len(ops))
	var del, ins strings.Builder
	flush := func() {
		d, i := del.String(), ins.String()
		del.Reset()
		ins.Reset()
		tail := ""
		for d != "" && i != "" {
			r, n := utf8.DecodeLastRuneInString(d)
			r2, n2 := utf8.DecodeLastRuneInString(i)
			if r != r2 || !unicode.IsSpace(r) {
				break
			}
			tail = d[len(d)-n:] + tail
			d, i = d[:len(d)-n], i[:len(i)-n2]
		}
		if d != "" {
			out = append(out, DiffOp{Op: "delete", Text: d})
		}
		if i != "" {
			out = append(out, DiffOp{Op: "insert", Text: i})
		}
		if tail != "" {
			appendEqual(&out, tail)
		}
	}
	inChange := false
	for k, op := range ops {
		switch op.Op {
		case "delete":
			del.WriteString(op.Text)
			inChange = true
		case "insert":
			ins.WriteString(op.Text)
			inChange = true
		default:
			if inChange && k+1 < len(ops) && ops[k+1].Op != "equal" && strings.TrimSpace(op.Text) == "" {
				del.WriteString(op.Text)
				ins.WriteString(op.Text)
				continue
			}
			flush()
			inChange = false
			appendEqual(&out, op.Text)
		}
	}
	flush()
	return out
}

func appendEqual(out *[]DiffOp, text string) {
	if n := len(*out); n > 0 && (*out)[n-1].Op == "equal" {
		(*out)[n-1].Text += text
		return
	}
	*out = append(*out, DiffOp{Op: "equal", Text: text})
}
