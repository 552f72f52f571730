// Pages of a paged version (a PDF): its page starts are code points of the canonical text (Go's
// store.Provenance.Pages); these helpers are the frontend's side of store.Provenance.PageOf/PageRange.

// pageOf is the 1-based page holding code point cp, 0 without pages.
export function pageOf(starts: number[], cp: number): number {
  if (starts.length === 0) return 0
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= cp) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

// pageLabel cites a span [start, end): "p. 12", "pp. 12–13", "" without pages.
export function pageLabel(starts: number[], start: number, end: number): string {
  const first = pageOf(starts, start)
  const last = pageOf(starts, Math.max(start, end - 1))
  if (first === 0) return ''
  return first === last ? `p. ${first}` : `pp. ${first}–${last}`
}

// markers: the page breaks to draw, pages 2 on (page 1 starts the text).
export function markers(starts: number[]): { page: number; at: number }[] {
  return starts.slice(1).map((at, i) => ({ page: i + 2, at }))
}
