import { describe, expect, it } from 'vitest'
import { changeCounts, condense } from './diff'

const long = (n: number, w = 'word') => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ')

describe('condense', () => {
  it('keeps short runs whole', () => {
    const ops = [{ op: 'equal' as const, text: 'The ' }, { op: 'delete' as const, text: 'Pentagon' }, { op: 'insert' as const, text: 'Defense Department' }, { op: 'equal' as const, text: ' said.' }]
    expect(condense(ops)).toEqual(ops)
  })
  it('shortens a long unchanged run to the words next to the changes, cut at white space', () => {
    const text = long(200) + ' '
    const out = condense([{ op: 'equal', text }, { op: 'insert', text: 'new' }, { op: 'equal', text: ' ' + long(200, 'tail') }], 50)
    expect(out[0].op).toBe('skip') // nothing before the first run: no head kept
    expect(out[0].text).toMatch(/^… \d+ unchanged words …$/)
    expect(out[1].op).toBe('equal')
    expect(out[1].text.length).toBeLessThanOrEqual(50)
    expect(out[1].text.startsWith(' ')).toBe(true) // the cut word left out, not half of it
    expect(out[1].text.endsWith('word199 ')).toBe(true)
    expect(out[2]).toEqual({ op: 'insert', text: 'new' })
    expect(out[3].text.startsWith(' tail0 ')).toBe(true)
    expect(out[4].op).toBe('skip')
    expect(out).toHaveLength(5)
    // every word is either shown or counted
    const shown = out.filter((o) => o.op === 'equal').map((o) => o.text).join(' ').match(/\w+\d+/g)!.length
    const skipped = out.filter((o) => o.op === 'skip').reduce((n, o) => n + Number(o.text.match(/\d+/)![0]), 0)
    expect(shown + skipped).toBe(400)
  })
})

describe('changeCounts', () => {
  it('counts words, not spaces or punctuation', () => {
    expect(changeCounts([{ op: 'delete', text: 'the Pentagon, ' }, { op: 'insert', text: 'Defense Department' }, { op: 'equal', text: 'x y' }])).toEqual({ deleted: 2, inserted: 2 })
  })
})
