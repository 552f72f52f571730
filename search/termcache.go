package search

import "sync"

// Scanning hits analyses the words of every result's text (hits.go). A word's terms depend only on the
// analyser, and news text repeats its words, so one search keeps what it analysed (scanState.cache) and
// hands it to the next search of the same analysis key through the Index (termCaches): the frequent
// words of a library are then analysed once, not once per search. Each cache is capped at
// maxCachedTerms words (about 2 MB per key); its keys are copies, so no document text stays in memory.
const maxCachedTerms = 1 << 14

// scanState is what scanHits reuses from one text to the next within one search.
type scanState struct {
	cache map[string][2]string // raw word → term, alt
	words []word
	terms []termSlot
}

// termSlot is one word's terms in the text being scanned, analysed on first need.
type termSlot struct {
	term, alt string
	done      bool
}

// slots returns n cleared term slots, reusing the buffer.
func (st *scanState) slots(n int) []termSlot {
	if cap(st.terms) < n {
		st.terms = make([]termSlot, n)
	} else {
		st.terms = st.terms[:n]
		clear(st.terms)
	}
	return st.terms
}

// termCaches holds one term cache per analysis key between searches. A search takes a key's cache for
// itself (two searches at once each get their own: the second starts empty) and gives it back when done.
type termCaches struct {
	mu    sync.Mutex
	byKey map[string]map[string][2]string
}

func (c *termCaches) take(key string) map[string][2]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.byKey[key]
	delete(c.byKey, key)
	if m == nil {
		m = map[string][2]string{}
	}
	return m
}

// give keeps m as key's cache, unless a search that finished meanwhile left a larger one.
func (c *termCaches) give(key string, m map[string][2]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[string]map[string][2]string{}
	}
	if old := c.byKey[key]; len(old) < len(m) {
		c.byKey[key] = m
	}
}
