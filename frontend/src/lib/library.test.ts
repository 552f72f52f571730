import { describe, expect, it } from 'vitest'
import type { Doc } from './api'
import { matches, sortDocs, visibleDocs } from './library'

function doc(title: string, date: string, words = 0, annotations = 0, source = 'src'): Doc {
  return { id: title, title, date, source, format: 'txt', sha256: '', version: 1, words, bodyStart: 0, importedAt: '', annotations, meta: {} }
}

const docs = [
  doc('Records show ICE backtracking', '', 500, 1),
  doc('Kamala Ran S.F. Program', '2024-07-26', 400, 0),
  doc('CA AG Harris: Law Enforcement', '2011-12-05', 600, 3, 'firedoglake'),
  doc('Élan of the city', '2020-01-01', 10, 0),
]

describe('filter', () => {
  it('matches every word, case and accent insensitive', () => {
    expect(matches(docs[1], 'kamala program')).toBe(true)
    expect(matches(docs[1], 'kamala ice')).toBe(false)
    expect(matches(docs[3], 'elan')).toBe(true)
    expect(matches(docs[2], 'FIREDOG')).toBe(true)
    expect(matches(docs[2], '2011')).toBe(true)
    expect(matches(docs[0], '   ')).toBe(true)
  })
})

describe('sort', () => {
  const titles = (ds: Doc[]) => ds.map((d) => d.title)
  it('by date, undated last both ways', () => {
    expect(titles(sortDocs(docs, { key: 'date', descending: true }))).toEqual([
      'Kamala Ran S.F. Program', 'Élan of the city', 'CA AG Harris: Law Enforcement', 'Records show ICE backtracking',
    ])
    expect(titles(sortDocs(docs, { key: 'date', descending: false })).at(-1)).toBe('Records show ICE backtracking')
  })
  it('by numbers and title', () => {
    expect(sortDocs(docs, { key: 'words', descending: true })[0].words).toBe(600)
    expect(sortDocs(docs, { key: 'annotations', descending: false })[3].annotations).toBe(3)
    expect(titles(sortDocs(docs, { key: 'title', descending: false }))[0]).toBe('CA AG Harris: Law Enforcement')
  })
  it('does not mutate its input', () => {
    const before = titles(docs)
    sortDocs(docs, { key: 'title', descending: true })
    expect(titles(docs)).toEqual(before)
  })
  it('filter then sort', () => {
    expect(titles(visibleDocs(docs, 'harris', { key: 'title', descending: false }))).toEqual(['CA AG Harris: Law Enforcement'])
  })
})
