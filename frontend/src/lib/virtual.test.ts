import { describe, expect, it } from 'vitest'
import { HeightIndex, blockAt, estimateHeight, windowFor } from './virtual'

describe('height index', () => {
  it('offsets, measured updates and lookups', () => {
    const ix = new HeightIndex([10, 20, 30, 40])
    expect(ix.total()).toBe(100)
    expect(ix.offset(2)).toBe(30)
    expect(ix.indexAt(0)).toBe(0)
    expect(ix.indexAt(29.9)).toBe(1)
    expect(ix.indexAt(30)).toBe(2)
    expect(ix.indexAt(1e9)).toBe(3)
    expect(ix.set(1, 25)).toBe(true)
    expect(ix.set(1, 25)).toBe(false)
    expect(ix.offset(2)).toBe(35)
    expect(ix.total()).toBe(105)
  })
  it('window covers one screen either side', () => {
    const ix = new HeightIndex(Array(1000).fill(100))
    expect(windowFor(ix, 0, 800)).toEqual([0, 17])
    expect(windowFor(ix, 50_000, 800)).toEqual([492, 517])
    expect(windowFor(ix, 99_900, 800)).toEqual([991, 1000])
    expect(windowFor(new HeightIndex([]), 0, 800)).toEqual([0, 0])
  })
  it('estimates and block lookup', () => {
    expect(estimateHeight(0, 70, 30, 20)).toBe(50)
    expect(estimateHeight(141, 70, 30, 20)).toBe(110)
    const blocks = [{ start: 0, end: 10 }, { start: 12, end: 30 }, { start: 32, end: 40 }]
    expect(blockAt(blocks, 0)).toBe(0)
    expect(blockAt(blocks, 11)).toBe(0)
    expect(blockAt(blocks, 12)).toBe(1)
    expect(blockAt(blocks, 39)).toBe(2)
  })
})
