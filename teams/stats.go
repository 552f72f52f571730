// Package teams measures how far coders agree in applying tags: Cohen's κ for two coders and
// Krippendorff's α (nominal) for two or more, over units that are character positions, and lists the
// spans where they differ. It reads the store and writes only when a disagreement is resolved. Merging
// another coder's file is an import (ingest/merge); syncing with a team's server is teams/sync.
package teams

import "math"

// CohenKappa is Cohen's κ for a square contingency table: table[i][j] counts units coder 1 put in
// category i and coder 2 in category j. ok is false when κ is undefined: no units, or both coders used
// one and the same category throughout (expected agreement 1, so κ = 0/0).
func CohenKappa(table [][]float64) (kappa, po, pe float64, ok bool) {
	k := len(table)
	var n float64
	rows, cols := make([]float64, k), make([]float64, k)
	for i := range table {
		for j, v := range table[i] {
			n += v
			rows[i] += v
			cols[j] += v
		}
	}
	if n == 0 {
		return 0, 0, 0, false
	}
	for i := range k {
		po += table[i][i] / n
		pe += rows[i] / n * cols[i] / n
	}
	if 1-pe < 1e-12 {
		return 0, po, pe, false
	}
	return (po - pe) / (1 - pe), po, pe, true
}

// AlphaNominal is Krippendorff's α for nominal data from a coincidence matrix o (o[c][k] counts the
// pairable value pairs c–k, both orders, each unit's pairs weighted 1/(m_u − 1)). ok is false when α is
// undefined: fewer than two pairable values, or no variation (every value the same: D_e = 0).
func AlphaNominal(o [][]float64) (alpha float64, ok bool) {
	k := len(o)
	nc := make([]float64, k)
	var n, disagree float64
	for c := range o {
		for j, v := range o[c] {
			nc[c] += v
			n += v
			if c != j {
				disagree += v
			}
		}
	}
	if n < 2 {
		return 0, false
	}
	var expected float64
	for c := range k {
		for j := range k {
			if c != j {
				expected += nc[c] * nc[j]
			}
		}
	}
	if expected == 0 {
		return 0, false
	}
	// α = 1 − D_o/D_e with D_o = Σ_{c≠k} o_ck / n and D_e = Σ_{c≠k} n_c n_k / (n(n−1)).
	return 1 - (n-1)*disagree/expected, true
}

// Coincidences builds the coincidence matrix of a reliability data matrix: data[coder][unit] is a
// category in [0, k) or -1 for a missing value. Units with fewer than two values are not pairable.
func Coincidences(data [][]int, k int) [][]float64 {
	o := make([][]float64, k)
	for i := range o {
		o[i] = make([]float64, k)
	}
	if len(data) == 0 {
		return o
	}
	for u := range data[0] {
		counts := make([]float64, k)
		m := 0.0
		for c := range data {
			if v := data[c][u]; v >= 0 {
				counts[v]++
				m++
			}
		}
		if m < 2 {
			continue
		}
		for a := range k {
			for b := range k {
				pairs := counts[a] * counts[b]
				if a == b {
					pairs = counts[a] * (counts[a] - 1)
				}
				o[a][b] += pairs / (m - 1)
			}
		}
	}
	return o
}

// round keeps figures readable in JSON and stable in tests.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }
