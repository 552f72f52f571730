package reading

import (
	"strings"
	"testing"

	"gloss/corpus"
	"gloss/ingest"
	"gloss/storetest"
)

func TestRecentKeepsTheLastTenNewestFirst(t *testing.T) {
	a := New(storetest.Open(t))
	if _, err := ingest.Seed(a.store, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	docs, _ := a.store.Documents()
	for i := 0; i < 12; i++ {
		if err := a.Opened(docs[i%len(docs)].ID); err != nil {
			t.Fatal(err)
		}
	}
	recent, err := a.Recent()
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) != len(docs) || recent[0].ID != docs[11%len(docs)].ID {
		t.Fatalf("recent = %+v", recent)
	}
	for i := 0; i < 15; i++ { // unknown ids are dropped from the list shown, and it never exceeds 10
		a.Opened(strings.Repeat("x", i+1))
	}
	if ids := a.recentIDs(); len(ids) != MaxRecent {
		t.Fatalf("%d recent ids stored", len(ids))
	}
}
