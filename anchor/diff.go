package anchor

// The word diff of two versions of a document, for the review view.

import (
	"slices"
	"strings"
	"unicode"
)

// DiffOp is one run of a word diff: Op is "equal", "insert" (only in the new text) or "delete" (only in
// the old). The Text of the equal and delete runs spell the old text, equal and insert the new one.
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxDiffEdits bounds the diff's work and memory ((D+1)² cells): past it the rest of the middle is
// reported as one deletion and one insertion, which is what two texts that different look like anyway.
const maxDiffEdits = 2000

// DiffVersions compares two texts word by word (words, white-space runs and single punctuation marks
// are the tokens) with Myers' O(ND) algorithm, after trimming the common start and end.
func DiffVersions(oldText, newText string) []DiffOp {
	a, b := diffTokens(oldText), diffTokens(newText)
	var ops []DiffOp
	emit := func(op string, toks []string) {
		if len(toks) == 0 {
			return
		}
		text := strings.Join(toks, "")
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += text
			return
		}
		ops = append(ops, DiffOp{Op: op, Text: text})
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	emit("equal", a[:pre])
	midA, midB := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if script, ok := myersScript(midA, midB); ok {
		for _, s := range script {
			switch s.op {
			case 'e':
				emit("equal", midA[s.i:s.i+1])
			case 'd':
				emit("delete", midA[s.i:s.i+1])
			case 'i':
				emit("insert", midB[s.j:s.j+1])
			}
		}
	} else {
		emit("delete", midA)
		emit("insert", midB)
	}
	emit("equal", a[len(a)-suf:])
	if ops == nil {
		ops = []DiffOp{}
	}
	return ops
}

type editStep struct {
	op   byte // 'e', 'd', 'i'
	i, j int
}

// myersScript is Myers' greedy forward algorithm over tokens, keeping each round's furthest reaching
// paths to trace the script back. It gives up (false) past maxDiffEdits.
func myersScript(a, b []string) ([]editStep, bool) {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil, true
	}
	maxD := min(n+m, maxDiffEdits)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				found = d
				break
			}
		}
		snap := make([]int32, 2*d+1)
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
	}
	if found < 0 {
		return nil, false
	}
	at := func(d, k int) int { return int(trace[d][k+d]) }
	var rev []editStep
	x, y := n, m
	for d := found; d > 0; d-- {
		k := x - y
		prevK := k - 1 // a deletion (a step right) led here
		if k == -d || (k != d && at(d-1, k-1) < at(d-1, k+1)) {
			prevK = k + 1 // an insertion (a step down)
		}
		px := at(d-1, prevK)
		py := px - prevK
		for x > px && y > py { // the snake after the step
			x, y = x-1, y-1
			rev = append(rev, editStep{'e', x, y})
		}
		if prevK == k+1 {
			rev = append(rev, editStep{'i', px, py})
		} else {
			rev = append(rev, editStep{'d', px, py})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, editStep{'e', x, y})
	}
	slices.Reverse(rev)
	return rev, true
}

// diffTokens splits text into words (letters, digits and marks), white-space runs and other code points.
func diffTokens(text string) []string {
	var toks []string
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	start, prev := 0, -1
	for i, r := range text {
		k := kind(r)
		if i > start && (k != prev || k == 0) {
			toks = append(toks, text[start:i])
			start = i
		}
		prev = k
	}
	if start < len(text) {
		toks = append(toks, text[start:])
	}
	return toks
}
