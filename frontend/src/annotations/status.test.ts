import { describe, expect, it } from 'vitest'
import { anchorState, byAnchorState, listedBadge, lostLine } from './status'
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

describe('listedBadge', () => {
  it('marks fuzzy entries only', () => {
    expect(listedBadge({ status: 'fuzzy' })?.label).toBe('fuzzy')
    expect(listedBadge({ status: 'fuzzy' })?.title).toMatch(/Review/)
    expect(listedBadge({ status: 'moved' })).toBeNull()
    expect(listedBadge({})).toBeNull()
    // a whole Annotation, as the Reader puts in the list after an edit
    expect(listedBadge({ anchor: a('fuzzy').anchor })?.label).toBe('fuzzy')
    expect(listedBadge({ anchor: a('exact').anchor })).toBeNull()
  })
})

describe('lostLine', () => {
  it('counts the orphans and the kept ones, nothing when there are none', () => {
    expect(lostLine(0, 0)).toBe('')
    expect(lostLine(1, 0)).toBe('1 highlight not found in this version')
    expect(lostLine(3, 0)).toBe('3 highlights not found in this version')
    expect(lostLine(2, 1)).toBe('2 highlights not found in this version · 1 orphan kept')
    expect(lostLine(0, 4)).toBe('4 orphans kept')
  })
})
