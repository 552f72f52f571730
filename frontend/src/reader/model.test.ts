import { describe, expect, it } from 'vitest'
import type { Block, ListedAnnotation } from '../lib/api'
import { dimmed, excerpt, filterSpan, keptShown, missingRange, PAGE, windowMissing, withAnnotation, withChanged, withFetched, withPage } from './model'

const blk = (i: number, html = ''): Block => ({ start: i * 10, end: i * 10 + 10, html })
const ann = (id: string, start: number, end = start + 5): ListedAnnotation => ({ id, start, end, exact: '', tags: [], note: '', author: '' })

describe('missingRange', () => {
  const blocks = Array.from({ length: 200 }, (_, i) => blk(i, i < 60 ? `<p>${i}</p>` : ''))
  it('is null when the window and its margin have their HTML', () => {
    expect(missingRange(blocks, 0, 30)).toBeNull()
  })
  it('spans the blocks without HTML within the margin', () => {
    expect(missingRange(blocks, 50, 70)).toEqual([60, 90])
    expect(missingRange(blocks, 190, 200)).toEqual([170, 200])
  })
  it('reaches from the first to the last missing block', () => {
    const holes = blocks.map((b, i) => (i === 25 || i === 32 ? { ...b, html: '' } : b))
    expect(missingRange(holes, 20, 25)).toEqual([25, 33])
  })
})

describe('blocks', () => {
  it('windowMissing looks at the window only', () => {
    const blocks = [blk(0, 'a'), blk(1, 'b'), blk(2)]
    expect(windowMissing(blocks, 0, 2)).toBe(false)
    expect(windowMissing(blocks, 1, 3)).toBe(true)
  })
  it('withFetched puts the fetched blocks in a new array', () => {
    const blocks = [blk(0), blk(1), blk(2)]
    const next = withFetched(blocks, 1, [blk(1, 'x'), blk(2, 'y')])
    expect(next.map((b) => b.html)).toEqual(['', 'x', 'y'])
    expect(blocks[1].html).toBe('')
  })
  it('withChanged replaces blocks by their start', () => {
    const blocks = [blk(0, 'a'), blk(1, 'b')]
    expect(withChanged(blocks, [blk(1, 'B'), { start: 55, end: 60, html: 'no' }]).map((b) => b.html)).toEqual(['a', 'B'])
  })
})

describe('the side panel list', () => {
  it('takes a new annotation in text order when it is complete', () => {
    const list = [ann('a', 0), ann('c', 20)]
    expect(withAnnotation(list, 2, ann('b', 10)).map((a) => a.id)).toEqual(['a', 'b', 'c'])
    expect(withAnnotation(list, 2, ann('b', 0, 3)).map((a) => a.id)).toEqual(['b', 'a', 'c'])
  })
  it('replaces a changed annotation, even in a list still loading', () => {
    const list = [ann('a', 0), ann('c', 20)]
    const moved = withAnnotation(list, 700, { ...ann('a', 0), note: 'new' })
    expect(moved.map((a) => [a.id, a.note])).toEqual([['a', 'new'], ['c', '']])
  })
  it('leaves a list still loading alone for a new annotation', () => {
    const list = [ann('a', 0)]
    expect(withAnnotation(list, 700, ann('b', 10))).toBe(list)
  })
  it('appends a page without repeating entries', () => {
    expect(withPage([ann('a', 0), ann('b', 5)], [ann('b', 5), ann('c', 9)]).map((a) => a.id)).toEqual(['a', 'b', 'c'])
  })
  it('keeps as many entries shown on a reload as before', () => {
    expect(keptShown(true, 800)).toBe(PAGE)
    expect(keptShown(false, 800)).toBe(800)
    expect(keptShown(false, 10)).toBe(PAGE)
  })
})

describe('filters', () => {
  const blocks = Array.from({ length: 100 }, (_, i) => blk(i))
  it('checks the whole text of a short document', () => {
    expect(filterSpan(blocks, false, 40, 50)).toEqual([0, 1000])
  })
  it('checks the window and its margin of a virtualized one', () => {
    expect(filterSpan(blocks, true, 40, 50)).toEqual([200, 700])
    expect(filterSpan(blocks, true, 0, 5)).toEqual([0, 250])
    expect(filterSpan(blocks, true, 90, 100)).toEqual([700, 1000])
  })
  it('has nothing to check without blocks', () => {
    expect(filterSpan([], true, 0, 0)).toBeNull()
  })
  it('dims a mark none of whose annotations passes', () => {
    expect(dimmed('a b', null)).toBe(false)
    expect(dimmed('a b', new Set(['b']))).toBe(false)
    expect(dimmed('a b', new Set(['c']))).toBe(true)
    expect(dimmed('a', new Set())).toBe(true)
  })
})

it('excerpt cuts with an ellipsis', () => {
  expect(excerpt('abcdef', 3)).toBe('abc…')
  expect(excerpt('abc', 3)).toBe('abc')
})
