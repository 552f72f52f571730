// Command benchdata writes a library for the reader benchmark: a generated ~1 MB news-like article with
// 5,000 annotations (4,500 disjoint, 500 nested or overlapping, 8 tags), and the same article without
// annotations as the plain-text floor. Deterministic (fixed seed). Prints {"plain": id, "annotated": id}.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"unicode/utf8"

	"gloss/anchor/anchorstore"
	"gloss/reading"
	"gloss/store"
)

var words = strings.Fields(`the council said on Tuesday that a new report from officials would be released after
the election while critics argued the program had failed residents who were never told about its risks and
the mayor's office declined to comment on the figures which showed a sharp rise in costs since the agency
began its review of contracts signed by former managers according to documents obtained by reporters who
asked whether the public had been misled about the scale of the problem and the response from federal
authorities remained unclear despite repeated requests for records and interviews with people familiar`)

func main() {
	db := flag.String("db", "", "library to create")
	size := flag.Int("size", 1_000_000, "characters of text")
	n := flag.Int("annotations", 5000, "annotations")
	readLast := flag.Bool("read-last", false, "record the annotated article as the document read last (the window prewarms it)")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "usage: benchdata --db PATH")
		os.Exit(2)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var b strings.Builder
	b.WriteString("Benchmark article: a long investigation\n\n")
	for b.Len() < *size {
		sentences := 2 + rng.IntN(6)
		for s := 0; s < sentences; s++ {
			w := 8 + rng.IntN(18)
			for i := 0; i < w; i++ {
				word := words[rng.IntN(len(words))]
				if i == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				b.WriteString(word)
				if i < w-1 {
					b.WriteByte(' ')
				}
			}
			b.WriteString(". ")
		}
		b.WriteString("\n\n")
	}
	text := b.String()
	s, err := anchorstore.Open(*db, store.Options{})
	check(err)
	defer s.Close()
	add := func(title, text string) store.Document {
		d, err := s.AddDocument(store.NewDocument{Title: title, Format: "txt", Text: text, SHA256: fmt.Sprintf("%x", len(text)) + title,
			BodyStart: utf8.RuneCountInString("Benchmark article: a long investigation\n\n")})
		check(err)
		return d
	}
	plain := add("Benchmark: plain 1 MB", text)
	annotated := add("Benchmark: 1 MB with 5,000 annotations", text)

	var tags []string
	for i := 0; i < 8; i++ {
		t, err := s.CreateTag(store.NewTag{Name: fmt.Sprintf("Bench tag %d", i+1)})
		check(err)
		tags = append(tags, t.ID)
	}
	length := utf8.RuneCountInString(text)
	var list []store.NewAnnotation
	span := func() int { // 70% 5-40, 20% 41-120, 10% 121-300 code points
		switch r := rng.Float64(); {
		case r < 0.7:
			return 5 + rng.IntN(36)
		case r < 0.9:
			return 41 + rng.IntN(80)
		default:
			return 121 + rng.IntN(180)
		}
	}
	disjoint := *n * 9 / 10
	stride := length / disjoint
	for i := 0; i < disjoint; i++ {
		start := 50 + i*stride
		end := min(start+min(span(), stride-2), length)
		list = append(list, store.NewAnnotation{DocID: annotated.ID, Start: start, End: end, Tags: []string{tags[i%8]}})
	}
	for i := 0; len(list) < *n; i++ { // nested or partly overlapping an existing one
		base := list[rng.IntN(disjoint)]
		start := base.Start + rng.IntN(max(1, base.End-base.Start))
		end := min(start+span(), length)
		list = append(list, store.NewAnnotation{DocID: annotated.ID, Start: start, End: end, Tags: []string{tags[(i+3)%8]}, Note: "overlap"})
	}
	for from := 0; from < len(list); from += 1000 {
		_, err := s.CreateAnnotations(list[from:min(from+1000, len(list))], "benchmark annotations")
		check(err)
	}
	if *readLast {
		check(reading.New(s).Opened(annotated.ID))
	}
	json.NewEncoder(os.Stdout).Encode(map[string]string{"plain": plain.ID, "annotated": annotated.ID})
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}
