package store

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// palette is the Okabe–Ito set: distinct for colour-blind readers and legible as highlights.
var palette = []string{"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999"}

var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

func loadTags(tx *bolt.Tx) (map[string]Tag, error) {
	tags := map[string]Tag{}
	err := eachJSON(tx.Bucket(bucketTags), "tag", func(t Tag) { tags[t.ID] = t })
	return tags, err
}

func getTag(tags map[string]Tag, id string) (Tag, error) {
	t, ok := tags[id]
	if !ok {
		return t, fmt.Errorf("tag %s: %w", id, ErrNotFound)
	}
	return t, nil
}

// putTag stores a tag; Count is derived on read, so it is not kept.
func putTag(cs *changeSet, tags map[string]Tag, t Tag) error {
	t.Count = 0
	tags[t.ID] = t
	return cs.putJSON(bucketTags, t.ID, t)
}

// tagName trims a name and refuses a blank one, a "/" (the path separator) or a sibling with the same
// name in any case. self is the tag being renamed or moved, "" for a new one.
func tagName(tags map[string]Tag, name, parent, self string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("a tag name must not be blank")
	}
	if strings.Contains(name, "/") {
		return "", fmt.Errorf("the tag name %q contains a \"/\", which separates parent and child tags", name)
	}
	for _, t := range tags {
		if t.ID != self && t.Parent == parent && strings.EqualFold(t.Name, name) {
			return "", fmt.Errorf("there is already a tag named %q %s", t.Name, where(tags, parent))
		}
	}
	return name, nil
}

func where(tags map[string]Tag, parent string) string {
	if parent == "" {
		return "at the top level"
	}
	return fmt.Sprintf("under %q", tags[parent].Name)
}

func tagColour(colour string) (string, error) {
	if !colourPattern.MatchString(colour) {
		return "", fmt.Errorf("the colour %q is not of the form #rrggbb", colour)
	}
	return strings.ToLower(colour), nil
}

// depth is 1 for a root tag; a walk longer than the limit means a cycle or too deep a tree.
func depth(tags map[string]Tag, id string) (int, error) {
	n := 0
	for ; id != ""; id = tags[id].Parent {
		if n++; n > maxTagDepth {
			return n, fmt.Errorf("the tag tree would be deeper than %d levels", maxTagDepth)
		}
	}
	return n, nil
}

// height is the number of levels in the subtree rooted at id (1 for a leaf).
func height(tags map[string]Tag, id string) int {
	children := map[string][]string{}
	for _, t := range tags {
		children[t.Parent] = append(children[t.Parent], t.ID)
	}
	h := 0
	for level := []string{id}; len(level) > 0 && h <= maxTagDepth; h++ {
		var next []string
		for _, t := range level {
			next = append(next, children[t]...)
		}
		level = next
	}
	return h
}

// fitsUnder refuses a subtree that would make the tree too deep under parent.
func fitsUnder(tags map[string]Tag, parent string, subtreeHeight int) error {
	d, err := depth(tags, parent)
	if err == nil && d+subtreeHeight > maxTagDepth {
		err = fmt.Errorf("the tag tree would be deeper than %d levels", maxTagDepth)
	}
	return err
}

// subtree is id and all its descendants, found through a children index: linear in the number of tags
// (walking every tag up to the root instead would be quadratic in a deep tree).
func subtree(tags map[string]Tag, id string) map[string]bool {
	children := map[string][]string{}
	for _, t := range tags {
		children[t.Parent] = append(children[t.Parent], t.ID)
	}
	out := map[string]bool{id: true}
	for queue := []string{id}; len(queue) > 0; queue = queue[1:] {
		for _, c := range children[queue[0]] {
			if !out[c] { // a cycle the store would have refused
				out[c] = true
				queue = append(queue, c)
			}
		}
	}
	return out
}

// isUnder reports whether id is ancestor or one of its descendants.
func isUnder(tags map[string]Tag, id, ancestor string) bool {
	for n := 0; id != "" && n <= maxTagDepth; n++ {
		if id == ancestor {
			return true
		}
		id = tags[id].Parent
	}
	return false
}

// CreateTag adds a tag at the end of the order.
func (s *Store) CreateTag(nt NewTag) (Tag, error) {
	created, failed, err := s.CreateTags([]NewTag{nt})
	switch {
	case err != nil:
		return Tag{}, err
	case len(failed) > 0:
		return Tag{}, failed[0].Err
	}
	return created[0], nil
}

// CreateTags adds tags at the end of the order in one transaction and one undo step, in time linear in
// the library's tags and the batch (an import of thousands of codes). An invalid item is reported and
// left out, and so is every later item under it; created holds the others in specs order.
func (s *Store) CreateTags(specs []NewTag) (created []Tag, failed []ItemError, err error) {
	err = s.write(opTagCreate, true, func(cs *changeSet) (string, error) {
		created, failed = nil, nil
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		siblings := map[string]Tag{} // parent + "/" + folded name
		order := 1
		for _, t := range tags {
			siblings[siblingKey(t.Parent, t.Name)] = t
			order = max(order, t.Order+1)
		}
		depths := map[string]int{"": 0}
		for i, nt := range specs {
			t, err := newTag(tags, siblings, depths, nt, order)
			if err != nil {
				failed = append(failed, ItemError{i, err})
				continue
			}
			if err := putTag(cs, tags, t); err != nil {
				return "", err
			}
			siblings[siblingKey(t.Parent, t.Name)] = t
			order++
			created = append(created, t)
		}
		if len(created) == 1 {
			return fmt.Sprintf("Tag %q created", created[0].Name), nil
		}
		return fmt.Sprintf("%d tags created", len(created)), nil
	})
	if err != nil {
		return nil, nil, err
	}
	return created, failed, nil
}

func siblingKey(parent, name string) string { return parent + "/" + strings.ToLower(name) }

// newTag validates nt against the tags so far and builds it. depths caches each tag's depth, so a deep
// batch is not walked to the root once per tag.
func newTag(tags, siblings map[string]Tag, depths map[string]int, nt NewTag, order int) (Tag, error) {
	if nt.Parent != "" {
		if _, err := getTag(tags, nt.Parent); err != nil {
			return Tag{}, err
		}
	}
	d, err := cachedDepth(tags, depths, nt.Parent)
	if err != nil {
		return Tag{}, err
	}
	if d+1 > maxTagDepth {
		return Tag{}, fmt.Errorf("the tag tree would be deeper than %d levels", maxTagDepth)
	}
	name := strings.TrimSpace(nt.Name)
	if name == "" {
		return Tag{}, errors.New("a tag name must not be blank")
	}
	if strings.Contains(name, "/") {
		return Tag{}, fmt.Errorf("the tag name %q contains a \"/\", which separates parent and child tags", name)
	}
	if t, ok := siblings[siblingKey(nt.Parent, name)]; ok {
		return Tag{}, fmt.Errorf("there is already a tag named %q %s", t.Name, where(tags, nt.Parent))
	}
	colour := palette[(order-1)%len(palette)]
	if nt.Colour != "" {
		if colour, err = tagColour(nt.Colour); err != nil {
			return Tag{}, err
		}
	}
	id, err := tagID(tags, nt.ID)
	if err != nil {
		return Tag{}, err
	}
	depths[id] = d + 1
	return Tag{ID: id, Name: name, Parent: nt.Parent, Colour: colour, Description: nt.Description, Order: order}, nil
}

// cachedDepth is depth with memory: 0 for the top level, 1 for a root tag.
func cachedDepth(tags map[string]Tag, depths map[string]int, id string) (int, error) {
	var chain []string
	for ; ; id = tags[id].Parent {
		if d, ok := depths[id]; ok {
			for i := len(chain) - 1; i >= 0; i-- {
				d++
				depths[chain[i]] = d
			}
			return depths[chain0(chain, id)], nil
		}
		if chain = append(chain, id); len(chain) > maxTagDepth {
			return 0, fmt.Errorf("the tag tree would be deeper than %d levels", maxTagDepth)
		}
	}
}

// chain0 is the tag a depth walk started from.
func chain0(chain []string, found string) string {
	if len(chain) == 0 {
		return found
	}
	return chain[0]
}

// tagID is a new UUIDv7, or the wanted one when it is a UUID not yet used.
func tagID(tags map[string]Tag, wanted string) (string, error) {
	if wanted == "" {
		id, err := newV7()
		return id.String(), err
	}
	id, err := uuid.Parse(wanted)
	if err != nil {
		return "", fmt.Errorf("tag id %q is not a UUID", wanted)
	}
	if _, used := tags[id.String()]; used {
		return "", fmt.Errorf("tag %s already exists", id)
	}
	return id.String(), nil
}

// tagCounts counts the annotations carrying each tag.
func tagCounts(tx *bolt.Tx) (map[string]int, error) {
	counts := map[string]int{}
	err := eachAnnotation(tx, "", func(a Annotation) error {
		for _, id := range a.Tags {
			counts[id]++
		}
		return nil
	})
	return counts, err
}

// Tags lists every tag in the person's order, with its annotation count.
func (s *Store) Tags() ([]Tag, error) { return s.tags(true) }

// TagTree lists the tags like Tags but without counting uses (Count stays 0): cheap on big libraries.
func (s *Store) TagTree() ([]Tag, error) { return s.tags(false) }

// TagColours maps tag ids to colours without counting uses (which reads every annotation).
func (s *Store) TagColours() (map[string]string, error) {
	tags, err := s.tags(false)
	colours := make(map[string]string, len(tags))
	for _, t := range tags {
		colours[t.ID] = t.Colour
	}
	return colours, err
}

func (s *Store) tags(withCounts bool) ([]Tag, error) {
	out := []Tag{}
	err := s.db.View(func(tx *bolt.Tx) error {
		tags, err := loadTags(tx)
		if err != nil {
			return err
		}
		counts := map[string]int{}
		if withCounts {
			if counts, err = tagCounts(tx); err != nil {
				return err
			}
		}
		for _, t := range tags {
			t.Count = counts[t.ID]
			out = append(out, t)
		}
		return err
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

// TagByPath finds a tag by "parent/child" names, compared case-insensitively. A bare name matches a root
// tag first, else the one tag anywhere with that name; several such tags are an error.
func (s *Store) TagByPath(path string) (Tag, bool, error) {
	var found Tag
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		tags, err := loadTags(tx)
		if err != nil {
			return err
		}
		// Children by parent, built once: a path 10,000 levels deep is then one step per level rather
		// than a scan of every tag per level.
		children := map[string][]Tag{}
		for _, t := range tags {
			children[t.Parent] = append(children[t.Parent], t)
		}
		named := func(candidates []Tag, name string) []Tag {
			var out []Tag
			for _, t := range candidates {
				if strings.EqualFold(t.Name, strings.TrimSpace(name)) {
					out = append(out, t)
				}
			}
			return out
		}
		parts := strings.Split(path, "/")
		parent := ""
		for i, part := range parts {
			matches := named(children[parent], part)
			if len(parts) == 1 && len(matches) == 0 {
				all := make([]Tag, 0, len(tags))
				for _, t := range tags {
					all = append(all, t)
				}
				if matches = named(all, part); len(matches) > 1 {
					return fmt.Errorf("several tags are named %q; give the path as parent/child", part)
				}
			}
			if len(matches) == 0 {
				return nil
			}
			parent = matches[0].ID
			if i == len(parts)-1 {
				found, ok = matches[0], true
			}
		}
		counts, err := tagCounts(tx)
		found.Count = counts[found.ID]
		return err
	})
	return found, ok && err == nil, err
}

// UpdateTag renames a tag and sets its colour ("" keeps it) and description.
func (s *Store) UpdateTag(id, name, colour, description string) (Tag, error) {
	var t Tag
	err := s.write(opTagUpdate, true, func(cs *changeSet) (string, error) {
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		if t, err = getTag(tags, id); err != nil {
			return "", err
		}
		old := t.Name
		if t.Name, err = tagName(tags, name, t.Parent, id); err != nil {
			return "", err
		}
		if colour != "" {
			if t.Colour, err = tagColour(colour); err != nil {
				return "", err
			}
		}
		t.Description = description
		label := fmt.Sprintf("Tag %q edited", old)
		if t.Name != old {
			label = fmt.Sprintf("Tag %q renamed to %q", old, t.Name)
		}
		return label, putTag(cs, tags, t)
	})
	if err != nil {
		return Tag{}, err
	}
	return s.withCount(t)
}

func (s *Store) withCount(t Tag) (Tag, error) {
	var err error
	t.Count, err = s.TagUsage(t.ID)
	return t, err
}

// MoveTag puts a tag (with its subtree) under newParent, or at the top level for "".
func (s *Store) MoveTag(id, newParent string) error {
	return s.write(opTagMove, true, func(cs *changeSet) (string, error) {
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		t, err := getTag(tags, id)
		if err != nil {
			return "", err
		}
		if newParent != "" {
			if _, err := getTag(tags, newParent); err != nil {
				return "", err
			}
			if isUnder(tags, newParent, id) {
				return "", fmt.Errorf("cannot move tag %q under itself or one of its own children", t.Name)
			}
		}
		if err := fitsUnder(tags, newParent, height(tags, id)); err != nil {
			return "", err
		}
		if _, err := tagName(tags, t.Name, newParent, id); err != nil {
			return "", err
		}
		t.Parent = newParent
		return fmt.Sprintf("Tag %q moved %s", t.Name, where(tags, newParent)), putTag(cs, tags, t)
	})
}

// ReorderTags puts the given tags first, in that order; the others follow in their current order.
func (s *Store) ReorderTags(ids []string) error {
	return s.write(opTagReorder, true, func(cs *changeSet) (string, error) {
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		for i, id := range ids {
			if _, err := getTag(tags, id); err != nil {
				return "", err
			}
			if slices.Contains(ids[:i], id) {
				return "", fmt.Errorf("tag %s is listed twice", id)
			}
		}
		rest := []Tag{}
		for _, t := range tags {
			if !slices.Contains(ids, t.ID) {
				rest = append(rest, t)
			}
		}
		sort.Slice(rest, func(i, j int) bool { return rest[i].Order < rest[j].Order })
		for _, t := range rest {
			ids = append(ids, t.ID)
		}
		for i, id := range ids {
			t := tags[id]
			if t.Order != i+1 {
				t.Order = i + 1
				if err := putTag(cs, tags, t); err != nil {
					return "", err
				}
			}
		}
		return "Tags reordered", nil
	})
}

// retag rewrites every annotation carrying from: into takes its place (unless already there) or, for
// "", the tag is dropped. It returns how many annotations changed.
func retag(cs *changeSet, from, into string) (int, error) {
	var changed []Annotation
	err := eachAnnotation(cs.tx, "", func(a Annotation) error {
		i := slices.Index(a.Tags, from)
		if i < 0 {
			return nil
		}
		if into == "" || slices.Contains(a.Tags, into) {
			a.Tags = slices.Delete(a.Tags, i, i+1)
		} else {
			a.Tags[i] = into
		}
		changed = append(changed, a)
		return nil
	})
	for _, a := range changed {
		if err == nil {
			err = cs.putJSON(bucketAnnotations, a.ID, a)
		}
	}
	return len(changed), err
}

// adoptChildren moves id's children under newParent, refusing a name clash there.
func adoptChildren(cs *changeSet, tags map[string]Tag, id, newParent string) error {
	for _, c := range tags {
		if c.Parent != id {
			continue
		}
		for _, sib := range tags {
			if sib.Parent == newParent && sib.ID != id && strings.EqualFold(sib.Name, c.Name) {
				return fmt.Errorf("there is already a tag named %q %s; rename or merge one of the two first",
					sib.Name, where(tags, newParent))
			}
		}
	}
	for _, c := range tags {
		if c.Parent == id {
			c.Parent = newParent
			if err := putTag(cs, tags, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// MergeTags gives every annotation tagged from the tag into instead, moves from's children under into
// and deletes from, as one undo step. moved counts the annotations that changed.
func (s *Store) MergeTags(from, into string) (moved int, err error) {
	err = s.write(opTagMerge, true, func(cs *changeSet) (string, error) {
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		f, err := getTag(tags, from)
		if err != nil {
			return "", err
		}
		in, err := getTag(tags, into)
		if err != nil {
			return "", err
		}
		if isUnder(tags, into, from) {
			return "", fmt.Errorf("cannot merge tag %q into itself or one of its own children", f.Name)
		}
		if err := fitsUnder(tags, into, height(tags, from)-1); err != nil {
			return "", err
		}
		if err := adoptChildren(cs, tags, from, into); err != nil {
			return "", err
		}
		if moved, err = retag(cs, from, into); err != nil {
			return "", err
		}
		return fmt.Sprintf("Tag %q merged into %q", f.Name, in.Name), cs.del(bucketTags, from)
	})
	return moved, err
}

// DeleteTag removes a tag from every annotation and deletes it; its children move to its parent. One
// undo step; affected counts the annotations that changed.
func (s *Store) DeleteTag(id string) (affected int, err error) {
	err = s.write(opTagDelete, true, func(cs *changeSet) (string, error) {
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		t, err := getTag(tags, id)
		if err != nil {
			return "", err
		}
		if err := adoptChildren(cs, tags, id, t.Parent); err != nil {
			return "", err
		}
		if affected, err = retag(cs, id, ""); err != nil {
			return "", err
		}
		return fmt.Sprintf("Tag %q deleted", t.Name), cs.del(bucketTags, id)
	})
	return affected, err
}

// TagUsage counts the annotations carrying a tag, to show before deleting or merging it.
func (s *Store) TagUsage(id string) (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketTags).Get([]byte(id)) == nil {
			return fmt.Errorf("tag %s: %w", id, ErrNotFound)
		}
		counts, err := tagCounts(tx)
		n = counts[id]
		return err
	})
	return n, err
}
