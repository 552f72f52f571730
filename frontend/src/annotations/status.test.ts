import { describe, expect, it } from 'vitest'
import { anchorState, byAnchorState } from './status'
import type { Anchor } from '../lib/api'

const a = (status: Anchor['status'], kept?: boolean): { id: string; anchor: Anchor } => ({
  id: status + (kept ? '-kept' : ''),
  anchor: { status, confidence: 0.9, version: 2, ...(kept === undefined ? {} : { kept }) },
})

describe('anchorState', () => {
  it('reads moved as exact, a kept orphan as kept', () => {
    expect(anchorState(a('exact').anchor)).toBe('exact')
    expect(anchorState(a('moved').anchor)).toBe('exact')
    expect(anchorState(a('fuzzy').anchor)).toBe('fuzzy')
    expect(anchorState(a('orphan').anchor)).toBe('orphan')
    expect(anchorState(a('orphan', false).anchor)).toBe('orphan')
    expect(anchorState(a('orphan', true).anchor)).toBe('kept')
    expect(anchorState(undefined)).toBe('exact')
  })
  it('filters by state, all when none is chosen', () => {
    const list = [a('exact'), a('moved'), a('fuzzy'), a('orphan'), a('orphan', true)]
    expect(byAnchorState(list, '').map((x) => x.id)).toEqual(list.map((x) => x.id))
    expect(byAnchorState(list, 'exact').map((x) => x.id)).toEqual(['exact', 'moved'])
    expect(byAnchorState(list, 'orphan').map((x) => x.id)).toEqual(['orphan'])
    expect(byAnchorState(list, 'kept').map((x) => x.id)).toEqual(['orphan-kept'])
    expect(byAnchorState(list, 'fuzzy').map((x) => x.id)).toEqual(['fuzzy'])
  })
})
