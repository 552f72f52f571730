// Command limitsdata writes libraries at Gloss's limits for the by-hand window figures in RELIABILITY.md
// (scripts/limits-window.sh): the seed articles plus a tag tree -deep-tags levels deep (written straight
// into bbolt, as the limit tests do: creating 10,000 tags one durable write at a time takes minutes) and/or
// one annotation whose note is -note-bytes long. (100,000 annotations: scripts/benchdata --annotations.)
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"

	"gloss/anchor/anchorstore"
	"gloss/corpus"
	"gloss/ingest"
	"gloss/store"
)

func main() {
	db := flag.String("db", "", "library to create")
	deep := flag.Int("deep-tags", 0, "levels of a tag chain deep00000/deep00001/…; the deepest tags one annotation")
	noteBytes := flag.Int("note-bytes", 0, "one annotation with a Markdown note this long")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "usage: limitsdata --db PATH [--deep-tags N] [--note-bytes N]")
		os.Exit(2)
	}
	s, err := anchorstore.Open(*db, store.Options{})
	check(err)
	_, err = ingest.Seed(s, corpus.Files())
	check(err)
	docs, err := s.Documents()
	check(err)
	doc := docs[0]
	annotate := func(tags []string, note string) {
		_, err := s.CreateAnnotation(store.NewAnnotation{DocID: doc.ID, Start: doc.BodyStart + 200, End: doc.BodyStart + 212, Tags: tags, Note: note, Author: "limits"})
		check(err)
	}
	if *noteBytes > 0 {
		p := "A paragraph of the note with **bold**, _emphasis_ and a [link](https://example.com/a). "
		note := strings.Repeat(p+"\n\n", *noteBytes/(len(p)+2)+1)[:*noteBytes]
		annotate(nil, note)
	}
	check(s.Close())
	if *deep > 0 {
		b, err := bolt.Open(*db, 0o600, nil)
		check(err)
		check(b.Update(func(tx *bolt.Tx) error {
			parent := ""
			for i := range *deep {
				t := store.Tag{ID: fmt.Sprintf("deep-%05d", i), Name: fmt.Sprintf("deep%05d", i), Colour: "#56b4e9", Parent: parent, Order: 100 + i}
				raw, _ := json.Marshal(t)
				if err := tx.Bucket([]byte("tags")).Put([]byte(t.ID), raw); err != nil {
					return err
				}
				parent = t.ID
			}
			return nil
		}))
		check(b.Close())
		s, err = anchorstore.Open(*db, store.Options{})
		check(err)
		annotate([]string{fmt.Sprintf("deep-%05d", *deep-1)}, "")
		check(s.Check())
		check(s.Close())
	}
	fmt.Println(doc.ID)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "limitsdata:", err)
		os.Exit(1)
	}
}
