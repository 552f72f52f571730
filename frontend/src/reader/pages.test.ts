import { describe, expect, it } from 'vitest'
import { markers, pageLabel, pageOf } from './pages'

describe('pages', () => {
  const starts = [0, 120, 260, 400]
  it('finds the page of a code point as Go does', () => {
    expect(pageOf([], 5)).toBe(0)
    expect(pageOf(starts, 0)).toBe(1)
    expect(pageOf(starts, 119)).toBe(1)
    expect(pageOf(starts, 120)).toBe(2)
    expect(pageOf(starts, 10_000)).toBe(4)
  })
  it('cites one page or a range', () => {
    expect(pageLabel(starts, 10, 20)).toBe('p. 1')
    expect(pageLabel(starts, 100, 130)).toBe('pp. 1–2')
    expect(pageLabel(starts, 100, 120)).toBe('p. 1') // end is exclusive
    expect(pageLabel([], 1, 2)).toBe('')
  })
  it('marks pages 2 on', () => {
    expect(markers(starts)).toEqual([{ page: 2, at: 120 }, { page: 3, at: 260 }, { page: 4, at: 400 }])
    expect(markers([0])).toEqual([])
  })
})
