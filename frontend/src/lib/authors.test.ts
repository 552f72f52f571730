import { describe, expect, it } from 'vitest'
import { authorChoices, countAuthors, exportAuthors, initiallyIncluded } from './authors'

const known = [
  { name: 'Ann', annotations: 3 },
  { name: 'Cy', annotations: 1 },
]

describe('author filter', () => {
  it('keeps the chosen author among the choices', () => {
    expect(authorChoices(known, '')).toBe(known)
    expect(authorChoices(known, 'Ann')).toBe(known)
    expect(authorChoices(known, 'Bo').map((a) => `${a.name}:${a.annotations}`)).toEqual(['Ann:3', 'Bo:0', 'Cy:1'])
  })
  it('counts the authors of a list of annotations', () => {
    expect(countAuthors([{ author: 'Cy' }, { author: 'Ann' }, { author: 'Cy' }])).toEqual([
      { name: 'Ann', annotations: 1 },
      { name: 'Cy', annotations: 2 },
    ])
    expect(countAuthors([])).toEqual([])
  })
})

describe('export authors', () => {
  const all = ['Ann', 'Bo', 'Cy']
  it('ticks the filtered author, else everyone', () => {
    expect(initiallyIncluded(all, '')).toEqual(all)
    expect(initiallyIncluded(all, 'Bo')).toEqual(['Bo'])
    expect(initiallyIncluded(all, 'Nobody')).toEqual(all)
  })
  it('excludes the unticked authors', () => {
    expect(exportAuthors(all, all)).toEqual({ authors: [], excludeAuthors: [] })
    expect(exportAuthors(all, ['Ann', 'Cy'])).toEqual({ authors: [], excludeAuthors: ['Bo'] })
    expect(exportAuthors(all, [])).toEqual({ authors: [], excludeAuthors: all })
  })
})
