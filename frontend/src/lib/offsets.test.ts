import { describe, expect, it } from 'vitest'
import { canonicalOffset, codePoints, domPoint, utf16Index } from './offsets'

describe('code points', () => {
  it('counts surrogate pairs as one', () => {
    expect(codePoints('')).toBe(0)
    expect(codePoints('abc')).toBe(3)
    expect(codePoints('a😀b')).toBe(3)
    expect(codePoints('👩‍👩‍👧')).toBe(5) // three people joined by two ZWJ
    expect(codePoints('🇺🇸')).toBe(2)
    expect(codePoints('e\u0301')).toBe(2) // combining acute is its own code point
    expect(codePoints('a\r\nb')).toBe(4)
  })
  it('a lone surrogate still counts once', () => {
    expect(codePoints('\ud83d')).toBe(1)
    expect(codePoints('x\udc00y')).toBe(3)
  })
  it('maps code points back to UTF-16 indexes', () => {
    const s = 'a😀b👩‍👧c'
    for (let cp = 0; cp <= codePoints(s); cp++) {
      expect(codePoints(s.slice(0, utf16Index(s, cp)))).toBe(cp)
    }
    expect(utf16Index(s, 99)).toBe(s.length)
  })
})

describe('DOM offsets', () => {
  // Two runs as the Go renderer emits them; canonical text "😀 héllo\r\nwörld 🇺🇸" (é and ö decomposed).
  const canonical = '😀 he\u0301llo\r\nwo\u0308rld 🇺🇸'
  function mount() {
    document.body.innerHTML =
      '<article><p><span data-o="0">😀 he\u0301llo</span><br><span data-o="10">wo\u0308rld <b>🇺🇸</b></span></p></article>'
    return document.querySelector('article')!
  }
  it('run offsets agree with the canonical text', () => {
    const root = mount()
    for (const run of root.querySelectorAll<HTMLElement>('[data-o]')) {
      const start = Number(run.dataset.o)
      const cps = [...canonical]
      expect(cps.slice(start, start + codePoints(run.textContent!)).join('')).toBe(run.textContent)
    }
  })
  it('converts DOM points to canonical code points and back, at every position', () => {
    const root = mount()
    const total = codePoints(canonical)
    for (let cp = 0; cp <= total; cp++) {
      if (cp === 9) continue // \r\n exists only in the canonical text, not in the DOM
      const p = domPoint(root, cp)
      expect(p, `point for ${cp}`).not.toBeNull()
      expect(canonicalOffset(p!.node, p!.offset)).toBe(cp)
    }
  })
  it('first and last character', () => {
    const root = mount()
    const first = root.querySelector('[data-o="0"]')!.firstChild!
    expect(canonicalOffset(first, 0)).toBe(0)
    const flag = root.querySelector('b')!.firstChild!
    expect(canonicalOffset(flag, 4)).toBe(codePoints(canonical))
  })
  it('points outside runs give null', () => {
    const root = mount()
    expect(canonicalOffset(root, 0)).toBeNull()
  })
})

describe('selections', () => {
  it('maps a range inside runs and trims boundaries outside runs inward', async () => {
    const { rangeOffsets } = await import('./offsets')
    document.body.innerHTML =
      '<article><p><span data-o="0">Hello 😀 world</span></p>\n<p><span data-o="15">second <mark data-a="a1 a2">para</mark>graph</span></p></article>'
    const root = document.querySelector('article')!
    const runs = root.querySelectorAll('[data-o]')
    const r = document.createRange()
    r.setStart(runs[0].firstChild!, 6) // before the emoji
    r.setEnd(runs[1].querySelector('mark')!.firstChild!, 2) // "pa"
    expect(rangeOffsets(root, r)).toEqual({ start: 6, end: 24 })
    // from the article edge to the end of the second paragraph element
    r.setStart(root, 0)
    r.setEnd(root.lastChild!, 1)
    expect(rangeOffsets(root, r)).toEqual({ start: 0, end: 15 + 'second paragraph'.length })
    r.setStart(runs[0].firstChild!, 3)
    r.setEnd(runs[0].firstChild!, 3)
    expect(rangeOffsets(root, r)).toBeNull()
  })
  it('finds the annotations under a node', async () => {
    const { annotationsAt } = await import('./offsets')
    document.body.innerHTML = '<span data-o="0">a<mark data-a="x y"><b>b</b></mark></span>'
    expect(annotationsAt(document.querySelector('b')!.firstChild)).toEqual(['y', 'x'])
    expect(annotationsAt(document.querySelector('span')!.firstChild)).toEqual([])
  })
})
