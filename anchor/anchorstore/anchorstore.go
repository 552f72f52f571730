// Package anchorstore hands the store anchor's re-anchoring. The store sits below anchor in the flow and
// does not import it, so a library opened for use is opened here: Open is store.OpenWith with
// Options.Reanchor set to Reanchor (anchor.ReanchorFrom), for the window and the CLI (through
// ingest.OpenLibrary and the CLI's plain opens), team sync, and the tests' storetest alike.
package anchorstore

import (
	"gloss/anchor"
	"gloss/store"
)

// Open opens the library at path as store.OpenWith does, with anchor's re-anchoring for AddVersion
// (unless o already names one).
func Open(path string, o store.Options) (*store.Store, error) {
	if o.Reanchor == nil {
		o.Reanchor = Reanchor
	}
	return store.OpenWith(path, o)
}

// Reanchor is store.Reanchorer by anchor.ReanchorFrom.
func Reanchor(oldText, newText string, olds []store.Selector) []store.Placement {
	sels := make([]anchor.Selector, len(olds))
	for i, o := range olds {
		sels[i] = anchor.Selector{Start: o.Start, End: o.End, Exact: o.Exact, Prefix: o.Prefix, Suffix: o.Suffix}
	}
	results := anchor.ReanchorFrom(oldText, newText, sels)
	out := make([]store.Placement, len(results))
	for i, r := range results {
		out[i] = store.Placement{Status: string(r.Status), Confidence: r.Confidence, Start: r.Start, End: r.End}
	}
	return out
}
