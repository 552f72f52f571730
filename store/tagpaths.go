package store

// TagPaths answers the "parent/child" path and the depth of every tag of a tree. Depths and path lengths
// are worked out for all tags in one pass that visits each tag once, so even a 10,000-level chain (the
// store's limit) is linear; a full path is built only when asked for, in time linear in its length, and
// kept for the next time (the full paths of such a tree together run to hundreds of megabytes).
// A missing parent (or a cycle the store would have refused) makes a tag a root. Not safe for
// concurrent use.
type TagPaths struct {
	byID   map[string]Tag
	depth  map[string]int // 1 for a root
	length map[string]int // bytes in the full path
	paths  map[string]string
}

// NewTagPaths indexes tags (as from TagTree).
func NewTagPaths(tags []Tag) *TagPaths {
	tp := &TagPaths{byID: make(map[string]Tag, len(tags)), depth: make(map[string]int, len(tags)),
		length: make(map[string]int, len(tags)), paths: map[string]string{}}
	for _, t := range tags {
		tp.byID[t.ID] = t
	}
	var chain []Tag
	for _, t := range tags {
		// Walk up to a tag already measured (or a root), then measure on the way back down.
		chain = chain[:0]
		onChain := map[string]bool{}
		for at, ok := t, true; ok && !onChain[at.ID]; at, ok = tp.byID[at.Parent] {
			if _, known := tp.depth[at.ID]; known {
				break
			}
			onChain[at.ID] = true
			chain = append(chain, at)
		}
		for i := len(chain) - 1; i >= 0; i-- {
			c := chain[i]
			if d, ok := tp.depth[c.Parent]; ok && c.Parent != "" {
				tp.depth[c.ID], tp.length[c.ID] = d+1, tp.length[c.Parent]+1+len(c.Name)
			} else {
				tp.depth[c.ID], tp.length[c.ID] = 1, len(c.Name)
			}
		}
	}
	return tp
}

// Depth is 1 for a root, one more per level below, 0 for an unknown tag.
func (tp *TagPaths) Depth(id string) int { return tp.depth[id] }

// PathLen is the length in bytes of the tag's full path, without building it.
func (tp *TagPaths) PathLen(id string) int { return tp.length[id] }

// Path is the tag's full "parent/child" path, "" for an unknown tag.
func (tp *TagPaths) Path(id string) string {
	if p, ok := tp.paths[id]; ok {
		return p
	}
	n, ok := tp.length[id]
	if !ok {
		return ""
	}
	buf := make([]byte, n)
	at := n
	for t := tp.byID[id]; ; t = tp.byID[t.Parent] {
		at -= len(t.Name)
		copy(buf[at:], t.Name)
		if tp.depth[t.ID] == 1 {
			break
		}
		at--
		buf[at] = '/'
	}
	p := string(buf)
	tp.paths[id] = p
	return p
}

// Forget drops a built path that will not be asked for again (a listing of a deep tree prints each once).
func (tp *TagPaths) Forget(id string) { delete(tp.paths, id) }

// All maps every tag's id to its full path.
func (tp *TagPaths) All() map[string]string {
	out := make(map[string]string, len(tp.byID))
	for id := range tp.byID {
		out[id] = tp.Path(id)
	}
	return out
}
