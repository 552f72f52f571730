// The Reader's pure rules on its blocks and its side-panel list (state.svelte.ts and window.svelte.ts
// hold the state; these functions decide what changes). Each has its test in model.test.ts.
import type { Block, ListedAnnotation } from '../lib/api'

// The side panel shows its list PAGE entries at a time; Go sends it in pages of as many.
export const PAGE = 200

// How many blocks around the rendered window of a virtualized document have their HTML fetched, and
// have their highlights checked against the filters.
export const MARGIN = 20

// The first run [lo, hi) of blocks without HTML around the window [first, last) (± MARGIN), or null when
// the window and its margin have all their HTML.
export function missingRange(blocks: Block[], first: number, last: number): [number, number] | null {
  const from = Math.max(0, first - MARGIN)
  const to = Math.min(blocks.length, last + MARGIN)
  let lo = -1
  let hi = -1
  for (let i = from; i < to; i++) {
    if (!blocks[i].html) {
      if (lo < 0) lo = i
      hi = i + 1
    }
  }
  return lo < 0 ? null : [lo, hi]
}

// Whether the window [first, last) itself still lacks HTML.
export function windowMissing(blocks: Block[], first: number, last: number): boolean {
  return blocks.slice(first, last).some((b) => !b.html)
}

// blocks with got put in from index lo (a new array: blocks are never mutated).
export function withFetched(blocks: Block[], lo: number, got: Block[]): Block[] {
  const next = blocks.slice()
  got.forEach((b, k) => (next[lo + k] = b))
  return next
}

// blocks with the re-rendered ones of a change in place of those with the same start.
export function withChanged(blocks: Block[], changed: Block[]): Block[] {
  const fresh = new Map(changed.map((b) => [b.start, b]))
  return blocks.map((b) => fresh.get(b.start) ?? b)
}

// The list after annotation a was created or changed, in text order. A list still loading (fewer
// entries than total) takes a new annotation only when it is reloaded, so it is returned unchanged.
export function withAnnotation(list: ListedAnnotation[], total: number, a: ListedAnnotation): ListedAnnotation[] {
  if (list.length < total && !list.some((x) => x.id === a.id)) return list
  const rest = list.filter((x) => x.id !== a.id)
  return [...rest, a].sort((x, y) => x.start - y.start || x.end - y.end)
}

// The list with a page from Go appended, leaving out entries it already has.
export function withPage(list: ListedAnnotation[], page: ListedAnnotation[]): ListedAnnotation[] {
  const have = new Set(list.map((a) => a.id))
  return [...list, ...page.filter((a) => !have.has(a.id))]
}

// How many entries a (re)load keeps shown: a first load shows one page, a reload as many as were shown.
export function keptShown(first: boolean, shown: number): number {
  return first ? PAGE : Math.max(PAGE, shown)
}

// The code points [from, to) whose highlights are checked against the filters: the rendered window with
// its margin in a virtualized document, all of it otherwise. null for a document without blocks.
export function filterSpan(blocks: Block[], virtual: boolean, first: number, last: number): [number, number] | null {
  if (!blocks.length) return null
  const lo = virtual ? Math.max(0, first - MARGIN) : 0
  const hi = virtual ? Math.min(blocks.length, last + MARGIN) - 1 : blocks.length - 1
  return [blocks[lo].start, blocks[hi].end]
}

// Whether a mark carrying the annotations in data-a (space-separated ids) is dimmed: some filter is on
// (passing is not null) and none of its annotations passes.
export function dimmed(dataA: string, passing: Set<string> | null): boolean {
  return !!passing && !dataA.split(' ').some((a) => passing.has(a))
}

// A note or quote cut to n characters with an ellipsis (the hover card).
export function excerpt(s: string, n = 120): string {
  return s.length > n ? s.slice(0, n) + '…' : s
}
