package store

import (
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Filtering by author: every view can narrow what it shows to the annotations of some coders. These read
// every annotation once (authors are not indexed), so they answer in one pass over the bucket.

// AuthorCount is one author of annotations with how many they made.
type AuthorCount struct {
	Name        string `json:"name"`
	Annotations int    `json:"annotations"`
}

// Authors lists everyone who made annotations in the library, by name.
func (s *Store) Authors() ([]AuthorCount, error) {
	counts := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachAnnotation(tx, "", func(a Annotation) error {
			counts[a.Author]++
			return nil
		})
	})
	return byName(counts), err
}

// byName turns annotation counts per author into a list sorted by name.
func byName(counts map[string]int) []AuthorCount {
	out := make([]AuthorCount, 0, len(counts))
	for name, n := range counts {
		out = append(out, AuthorCount{Name: name, Annotations: n})
	}
	slices.SortFunc(out, func(x, y AuthorCount) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// AnnotatedBy counts, per document, the annotations made by any of authors and, when tagIDs is not
// empty, carrying one of those tags. Documents without such annotations are absent.
func (s *Store) AnnotatedBy(authors, tagIDs []string) (map[string]int, error) {
	counts := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachAnnotation(tx, "", func(a Annotation) error {
			if byAny(a, authors) && (len(tagIDs) == 0 || slices.ContainsFunc(a.Tags, func(t string) bool { return slices.Contains(tagIDs, t) })) {
				counts[a.DocID]++
			}
			return nil
		})
	})
	return counts, err
}

// DocumentsByAuthors lists the documents annotated by any of authors (every document when authors is
// empty), with Annotations counting only theirs.
func (s *Store) DocumentsByAuthors(authors []string) ([]Document, error) {
	docs, err := s.Documents()
	if err != nil || len(authors) == 0 {
		return docs, err
	}
	counts, err := s.AnnotatedBy(authors, nil)
	if err != nil {
		return nil, err
	}
	out := []Document{}
	for _, d := range docs {
		if n := counts[d.ID]; n > 0 {
			d.Annotations = n
			out = append(out, d)
		}
	}
	return out, nil
}

// TagsByAuthors lists every tag like Tags, with Count counting only the annotations of authors (all
// annotations when authors is empty).
func (s *Store) TagsByAuthors(authors []string) ([]Tag, error) {
	if len(authors) == 0 {
		return s.Tags()
	}
	tags, err := s.TagTree()
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	err = s.db.View(func(tx *bolt.Tx) error {
		return eachAnnotation(tx, "", func(a Annotation) error {
			if byAny(a, authors) {
				for _, id := range a.Tags {
					counts[id]++
				}
			}
			return nil
		})
	})
	for i := range tags {
		tags[i].Count = counts[tags[i].ID]
	}
	return tags, err
}

func byAny(a Annotation, authors []string) bool {
	return len(authors) == 0 || slices.Contains(authors, a.Author)
}
