package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Benchmarks for the issue 22 cases (RELIABILITY.md, "Round 2"); scripts/hostile writes the same files
// for measuring the CLI.

// BenchmarkImportManyAnnotationsOneBad: n good annotations and one the store refuses come in as one
// step (they fell back to n transactions).
func BenchmarkImportManyAnnotationsOneBad(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			text := strings.Repeat("Le conseil a voté le budget. ", n/2+1)
			bundle := Bundle{Documents: []BundleDocument{{Ref: "d", Title: "Port", Text: text}}}
			for i := range n {
				bundle.Annotations = append(bundle.Annotations, BundleAnnotation{DocRef: "d", Start: i * 10, End: i*10 + 5, Author: "Bo"})
			}
			bundle.Annotations = append(bundle.Annotations, BundleAnnotation{DocRef: "d", Start: 0, End: 5, Note: strings.Repeat("n", MaxNoteBytes+1)})
			for b.Loop() {
				s := newStore(b)
				report, err := applyBundle(context.Background(), s, "f.jsonld", bundle)
				if err != nil || report.AnnotationsCreated != n {
					b.Fatal(err, report.AnnotationsCreated)
				}
			}
		})
	}
}

// BenchmarkLocateNoMatch: 20 quotes of 2,000 code points that are not in a text of n code points (the
// search built a string at every position: 274 s for 2 M).
func BenchmarkLocateNoMatch(b *testing.B) {
	for _, n := range []int{200_000, 2_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			text := []rune(strings.Repeat("Le conseil a voté le budget du port après un long débat. ", n/50+1))
			lib := newLibraryTexts()
			for b.Loop() {
				lib.Add("d", string(text[:n]))
				for i := range 20 {
					if _, _, problem := lib.Locate("d", BundleAnnotation{Start: -1, Exact: strings.Repeat(fmt.Sprintf("no such words %d ", i), 125), Prefix: "avant ", Suffix: " après"}); problem == "" {
						b.Fatal("found")
					}
				}
			}
		})
	}
}
