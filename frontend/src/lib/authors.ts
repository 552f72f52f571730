// The author filter every view shares, and what the export dialog asks for: plain functions, tested.
import type { AuthorCount } from './api'

// The choices of an author filter: the known authors, plus the chosen one when it has no annotation (any
// more), so the choice stays visible and can be taken back.
export function authorChoices(known: AuthorCount[], chosen: string): AuthorCount[] {
  if (!chosen || known.some((a) => a.name === chosen)) return known
  return [...known, { name: chosen, annotations: 0 }].sort((a, b) => a.name.localeCompare(b.name))
}

// The authors of some annotations with how many each made, by name.
export function countAuthors(annotations: { author: string }[]): AuthorCount[] {
  const counts = new Map<string, number>()
  for (const a of annotations) counts.set(a.author, (counts.get(a.author) ?? 0) + 1)
  return [...counts].map(([name, annotations]) => ({ name, annotations })).sort((a, b) => a.name.localeCompare(b.name))
}

// Which authors the export dialog ticks at first: the one the view is filtered by, else everyone.
export function initiallyIncluded(all: string[], filtered: string): string[] {
  return filtered && all.includes(filtered) ? [filtered] : [...all]
}

// The export request's author fields for the ticked authors: everyone ticked asks for no filter; otherwise
// the unticked ones are excluded (an author who appears later is exported: leaving out is explicit).
export function exportAuthors(all: string[], included: string[]): { authors: string[]; excludeAuthors: string[] } {
  return { authors: [], excludeAuthors: all.filter((a) => !included.includes(a)) }
}
