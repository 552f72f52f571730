import { describe, expect, it } from 'vitest'
import { snapToWords } from './snap'

const cut = (text: string, s: number, e: number, locale?: string) => {
  const r = snapToWords(text, s, e, locale)
  return text.slice(r.start, r.end)
}

describe('snapToWords', () => {
  it('widens a drag that starts and ends mid-word to whole words', () => {
    const t = 'Then-San Francisco Mayor Willie Brown said'
    expect(cut(t, t.indexOf('ancisco'), t.indexOf('Willie') + 1)).toBe('Francisco Mayor Willie')
  })
  it('drops white space and a stray next word start at the edges', () => {
    const t = 'It began in 2011. At the time'
    expect(cut(t, t.indexOf('began') - 1, t.indexOf('2011.') + 5)).toBe('began in 2011.')
    expect(cut(t, t.indexOf('in'), t.indexOf('At') + 1)).toBe('in 2011. At')
  })
  it('keeps a selection already on word boundaries', () => {
    const t = 'pleaded guilty to selling cocaine'
    expect(cut(t, 0, t.length)).toBe(t)
    expect(cut(t, 8, 14)).toBe('guilty')
  })
  it('never cuts an Arabic word in half', () => {
    const t = 'قال المسؤول إن الميزانية نهائية'
    const mid = t.indexOf('الميزانية') + 3
    expect(cut(t, t.indexOf('إن'), mid)).toBe('إن الميزانية')
  })
  it('snaps Chinese to its words or characters, never past the selection on both sides', () => {
    const t = '市议会周二批准了港口预算'
    const r = snapToWords(t, 2, 4, 'zh')
    expect(r.start).toBeLessThanOrEqual(2)
    expect(r.end).toBeGreaterThanOrEqual(4)
    expect(r.end - r.start).toBeLessThanOrEqual(6)
  })
  it('keeps punctuation outside words as dragged and leaves an all-space range alone', () => {
    const t = '“Yes,” she said.'
    expect(cut(t, 0, 6)).toBe('“Yes,”')
    expect(snapToWords('a   b', 1, 4)).toEqual({ start: 1, end: 4 })
  })
})
