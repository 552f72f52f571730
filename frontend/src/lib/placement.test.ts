import { describe, expect, it } from 'vitest'
import { besidePassage, shortQuote } from './placement'

const view = { width: 1200, height: 800 }
const box = { width: 352, height: 260 }

describe('besidePassage', () => {
  it('goes below the passage when it fits', () => {
    expect(besidePassage({ left: 100, top: 100, bottom: 140 }, box, view)).toEqual({ left: 100, top: 148 })
  })
  it('goes above a passage near the bottom, not over it', () => {
    const p = { left: 100, top: 700, bottom: 740 }
    const at = besidePassage(p, box, view)
    expect(at.top + box.height).toBeLessThanOrEqual(p.top)
    expect(at.top).toBe(432)
  })
  it('keeps inside the right edge', () => {
    expect(besidePassage({ left: 1150, top: 100, bottom: 120 }, box, view).left).toBe(1200 - 8 - 352)
  })
  it('on a short window takes the roomier side and stays inside', () => {
    const small = { width: 800, height: 300 }
    const at = besidePassage({ left: 10, top: 40, bottom: 60 }, box, small)
    expect(at.top).toBe(300 - 8 - 260)
  })
})

describe('shortQuote', () => {
  it('keeps a quote up to the limit whole', () => {
    expect(shortQuote('short quote')).toBe('short quote')
    expect(shortQuote('x'.repeat(280))).toBe('x'.repeat(280))
  })
  it('cuts a longer one at a word boundary', () => {
    const q = 'word '.repeat(100)
    const s = shortQuote(q, 28)
    expect(s).toBe('word word word word word…')
  })
  it('counts code points, not UTF-16 units', () => {
    expect(shortQuote('👩'.repeat(10), 10)).toBe('👩'.repeat(10))
  })
})
