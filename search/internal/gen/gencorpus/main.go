// Command gencorpus writes synthetic news articles as .txt files:
//
//	go run ./search/internal/gen/gencorpus -n 10000 -seed 1 -out /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"gloss/search/internal/gen"
)

func main() {
	n := flag.Int("n", 1000, "number of documents")
	seed := flag.Int64("seed", 1, "random seed: the same seed gives the same documents")
	out := flag.String("out", "", "directory to write NNNNN.txt files into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out DIR is required")
		os.Exit(2)
	}
	if err := gen.WriteFiles(*out, gen.Documents(*seed, *n)); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
