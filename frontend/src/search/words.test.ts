import { describe, expect, it } from 'vitest'
import { blocks, countLabel } from './words'

describe('countLabel', () => {
  it('labels CJK counts as characters', () => {
    expect(countLabel(281, 'zh')).toBe('281 characters')
    expect(countLabel(12, 'ja-JP')).toBe('12 characters')
    expect(countLabel(1, 'zh-Hant')).toBe('1 character')
    expect(countLabel(40, 'th')).toBe('40 characters')
    expect(countLabel(9, 'lo-LA')).toBe('9 characters')
    expect(countLabel(12, 'km')).toBe('12 characters')
    expect(countLabel(1200, 'de')).toMatch(/^1.200 words$|^1,200 words$/)
    expect(countLabel(1, undefined)).toBe('1 word')
  })
})

describe('blocks', () => {
  it('splits at paragraph breaks only, keeping the spacing', () => {
    expect(blocks('Community\n\nThe Bullpen')).toEqual(['Community', 'The Bullpen'])
    expect(blocks('a\r\nb  c')).toEqual(['a', 'b  c'])
    expect(blocks('no break, at all')).toEqual(['no break, at all'])
  })
})
