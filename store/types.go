package store

import (
	"errors"
	"time"
)

// SchemaVersion is the layout version written to the meta bucket. A database
// with a larger number comes from a newer Gloss and is refused, never rewritten.
const SchemaVersion = 1

var (
	// ErrLocked means another Gloss process holds the database file.
	ErrLocked = errors.New("the library is open in another Gloss process")
	// ErrNotFound is returned for unknown document ids or version numbers.
	ErrNotFound = errors.New("not found")
	// ErrNewerSchema means the file was written by a newer Gloss.
	ErrNewerSchema = errors.New("the library was written by a newer version of Gloss")
	// ErrConflict means an undo or redo was refused because its records changed since.
	ErrConflict = errors.New("the records have changed since")
	// ErrNothingToUndo and ErrNothingToRedo are returned by Undo and Redo on an empty stack.
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// Document is the library entry of one article. Annotations is derived on read.
type Document struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Date        string    `json:"date"`   // YYYY-MM-DD, or "" when unknown
	Source      string    `json:"source"` // outlet or file name
	URL         string    `json:"url,omitempty"`
	Format      string    `json:"format"` // "txt", "md" or "html"
	SHA256      string    `json:"sha256"` // of the original bytes of the current version
	Version     int       `json:"version"`
	Words       int       `json:"words"`
	BodyStart   int       `json:"bodyStart"` // code point where the reader body starts
	ImportedAt  time.Time `json:"importedAt"`
	SeedKey     string    `json:"seedKey,omitempty"`
	Annotations int       `json:"annotations"`
	Meta        Meta      `json:"meta"`
	URLs        []string  `json:"urls,omitempty"` // every URL the document is known by (see documentURLs)
}

// Version is one immutable text of a document.
type Version struct {
	DocID      string    `json:"doc"`
	N          int       `json:"n"`
	Text       string    `json:"text"`          // canonical text: all offsets count its code points
	Raw        string    `json:"raw,omitempty"` // original markup (md) the text was derived from; "" for txt
	SHA256     string    `json:"sha256"`
	SourcePath string    `json:"sourcePath,omitempty"`
	ImportedAt time.Time `json:"importedAt"`
	Provenance
}

// NewDocument is what an importer hands to AddDocument.
type NewDocument struct {
	Title      string
	Date       string
	Source     string
	URL        string
	Format     string
	Text       string // canonical text
	Raw        string // original markup, "" for txt
	SHA256     string // of the original file bytes
	SourcePath string
	BodyStart  int
	SeedKey    string // set for embedded seeds: remembered so a deleted seed is never re-imported
	Meta       Meta
	Provenance Provenance
}

// Anchor says how an annotation's selectors relate to the version they point at (re-anchoring, issue 5).
type Anchor struct {
	Status     string     `json:"status"`         // exact | moved | fuzzy | orphan
	Confidence float64    `json:"confidence"`     // 0..1
	Version    int        `json:"version"`        // the version the selectors describe
	Made       *MadeQuote `json:"made,omitempty"` // the quote as made, once re-anchoring has moved it (anchor_made.go)
	Kept       bool       `json:"kept,omitempty"` // an orphan the person chose to keep as one: out of Review (anchor_kept.go)
}

// Annotation is one highlighted passage: a W3C TextQuoteSelector (Exact, Prefix, Suffix: up to 32 code
// points each side) plus a TextPositionSelector (Start inclusive, End exclusive), both in Unicode code
// points of version Version's canonical text.
type Annotation struct {
	ID       string    `json:"id"`
	DocID    string    `json:"doc"`
	Version  int       `json:"version"`
	Start    int       `json:"start"`
	End      int       `json:"end"`
	Exact    string    `json:"exact"`
	Prefix   string    `json:"prefix"`
	Suffix   string    `json:"suffix"`
	Tags     []string  `json:"tags"` // tag ids, in the order they were applied
	Note     string    `json:"note"` // Markdown
	Author   string    `json:"author"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	Anchor   Anchor    `json:"anchor"`
	// Merged names the file a merge brought the annotation in from ("" for one made or imported here).
	// Deleting a merged annotation leaves a tombstone, so merging that file again does not bring it back.
	Merged string `json:"merged,omitempty"`
}

// Tag is a code in a tree: Parent is a tag id or "" for a root. Names are unique among siblings.
type Tag struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Parent      string `json:"parent"`
	Colour      string `json:"colour"` // #rrggbb
	Description string `json:"description"`
	Order       int    `json:"order"` // the person's ordering; the first nine get the digit keys
	Count       int    `json:"count"` // annotations using it; derived on read
}

// Note is a Markdown memo: about one document (DocID set) or free-standing for the project (DocID "").
type Note struct {
	ID       string    `json:"id"`
	DocID    string    `json:"doc"`
	Title    string    `json:"title"`
	Body     string    `json:"body"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	Author   string    `json:"author,omitempty"` // who wrote it; "" on save: the library's author (new) or the one it had
}

// NewAnnotation is what the reader hands to CreateAnnotation; the store derives the quote selectors.
type NewAnnotation struct {
	DocID   string
	Version int // 0 = the document's current version
	Start   int // code point, inclusive
	End     int // code point, exclusive
	Tags    []string
	Note    string
	Author  string // "" = the library's author (Store.Author)
	// Set by importers to keep an annotation's identity and history; zero values mean "new, now".
	ID       string // a UUID not yet in the library
	Created  time.Time
	Modified time.Time // zero = Created
	Merged   string    // set by a merge: the file it comes from (see Annotation.Merged)
}

// AnnotationFilter narrows Annotations; zero fields match everything.
type AnnotationFilter struct {
	DocID            string
	TagID            string
	IncludeChildTags bool // with TagID: also annotations tagged with any descendant
	Author           string
}

// NewTag is what CreateTag takes; Colour "" picks one from the palette.
type NewTag struct {
	Name        string
	Parent      string // a tag in the library, or the ID of an earlier NewTag of the same CreateTags batch
	Colour      string
	Description string
	ID          string // a UUID not yet in the library, so that later items of a batch can name it; "" = new
}

// RecordKey names one stored record.
type RecordKey struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
}

// JournalEntry is one journaled write as a follower (the search index) needs it: what happened and which
// records changed.
type JournalEntry struct {
	Seq     uint64      `json:"seq"`
	Op      string      `json:"op"`
	Label   string      `json:"label"`
	At      time.Time   `json:"at"`
	Changed []RecordKey `json:"changed"`
}
