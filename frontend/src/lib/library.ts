import type { Doc } from './api'

export type SortKey = 'title' | 'date' | 'words' | 'annotations'
export interface Sort { key: SortKey; descending: boolean }

// Case- and accent-insensitive match of every word of the query against title, source and date.
export function matches(doc: Doc, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const hay = fold(`${doc.title} ${doc.source} ${doc.date}`)
  return words.every((w) => hay.includes(w))
}

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

// Undated documents sort after dated ones whichever the direction: an empty date says nothing.
export function sortDocs(docs: Doc[], sort: Sort): Doc[] {
  const dir = sort.descending ? -1 : 1
  return [...docs].sort((a, b) => {
    let c = 0
    switch (sort.key) {
      case 'title':
        c = a.title.localeCompare(b.title, undefined, { sensitivity: 'base', numeric: true })
        break
      case 'date':
        if (!a.date !== !b.date) return a.date ? -1 : 1
        c = a.date.localeCompare(b.date)
        break
      case 'words':
        c = a.words - b.words
        break
      case 'annotations':
        c = a.annotations - b.annotations
        break
    }
    return c * dir || a.title.localeCompare(b.title)
  })
}

export function visibleDocs(docs: Doc[], query: string, sort: Sort): Doc[] {
  return sortDocs(docs.filter((d) => matches(d, query)), sort)
}
