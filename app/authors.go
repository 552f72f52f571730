package app

import "gloss/store"

// Filtering every view by author: the window keeps one choice of coders and asks these.

// Authors lists everyone who made annotations, with how many.
func (a *App) Authors() ([]store.AuthorCount, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.Authors())
}

// DocumentsBy lists the documents annotated by any of authors, counting only their annotations (the
// whole library when authors is empty).
func (a *App) DocumentsBy(authors []string) ([]store.Document, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.DocumentsByAuthors(authors))
}

// TagsBy lists the tags with their uses by authors (by everyone when authors is empty).
func (a *App) TagsBy(authors []string) ([]store.Tag, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.TagsByAuthors(authors))
}
