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
