// An annotation's anchor as a person reads it: where re-anchoring left it, and whether an orphan was kept
// as one on purpose (Review's K). The Annotations view filters by it.
import type { Anchor } from '../lib/api'

export type AnchorState = 'exact' | 'fuzzy' | 'orphan' | 'kept'

export const anchorStates: { value: AnchorState; label: string }[] = [
  { value: 'exact', label: 'exact (in place or moved whole)' },
  { value: 'fuzzy', label: 'fuzzy (edited words, to review)' },
  { value: 'orphan', label: 'orphan (passage not found)' },
  { value: 'kept', label: 'kept as orphan' },
]

// A moved anchor is the same words elsewhere, verbatim: for the reader it is exact.
export function anchorState(a: Anchor | undefined): AnchorState {
  switch (a?.status) {
    case 'fuzzy':
      return 'fuzzy'
    case 'orphan':
      return a.kept ? 'kept' : 'orphan'
    default:
      return 'exact'
  }
}

export function byAnchorState<T extends { anchor?: Anchor }>(list: T[], state: AnchorState | ''): T[] {
  return state ? list.filter((x) => anchorState(x.anchor) === state) : list
}

// The side panel's word for an entry that is not exact, with the reason as a tooltip; null for an exact
// one. The entry is a ListedAnnotation (status) or, once edited in the Reader, a whole Annotation (anchor).
// A moved one is the same words elsewhere: exact for the reader.
export function listedBadge(a: { status?: string; anchor?: Anchor }): { label: string; title: string } | null {
  if ((a.status ?? a.anchor?.status) !== 'fuzzy') return null
  return { label: 'fuzzy', title: 'A new version changed these words; this highlight was placed on their edited form. Check it in Review.' }
}

// What the side panel says of the annotations it cannot show: those whose passage a new version lost
// (Review lists them) and those kept as orphans on purpose. '' when there are none.
export function lostLine(orphans: number, kept: number): string {
  const n = (k: number, one: string, many: string) => `${k.toLocaleString()} ${k === 1 ? one : many}`
  const parts: string[] = []
  if (orphans > 0) parts.push(`${n(orphans, 'highlight', 'highlights')} not found in this version`)
  if (kept > 0) parts.push(`${n(kept, 'orphan', 'orphans')} kept`)
  return parts.join(' · ')
}
