// How the diff view shows a word diff (App.Diff → anchor.DiffVersions): long unchanged runs shortened to
// their first and last words around the changes, and the count of changed words.

import type { DiffOp } from '../lib/api'

export type Shown = { op: DiffOp['op'] | 'skip'; text: string }

// condense keeps `context` characters of each unchanged run next to a change (cut at white space) and
// replaces the rest by a 'skip' entry saying how much was left out.
export function condense(ops: DiffOp[], context = 160): Shown[] {
  const out: Shown[] = []
  ops.forEach((o, i) => {
    if (o.op !== 'equal' || o.text.length <= 2 * context + 40) {
      out.push(o)
      return
    }
    const before = i > 0 // a change precedes: keep its following context
    const after = i < ops.length - 1
    let head = before ? o.text.slice(0, context) : ''
    let tail = after ? o.text.slice(o.text.length - context) : ''
    if (head) head = head.replace(/\S*$/, '')
    if (tail) tail = tail.replace(/^\S*/, '')
    if (head) out.push({ op: 'equal', text: head })
    out.push({ op: 'skip', text: `… ${words(o.text.slice(head.length, o.text.length - tail.length))} unchanged words …` })
    if (tail) out.push({ op: 'equal', text: tail })
  })
  return out
}

const words = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length

// changeCounts: words only in the old text (deleted) and only in the new (inserted).
export function changeCounts(ops: DiffOp[]): { deleted: number; inserted: number } {
  let deleted = 0
  let inserted = 0
  for (const o of ops) {
    if (o.op === 'delete') deleted += words(o.text)
    else if (o.op === 'insert') inserted += words(o.text)
  }
  return { deleted, inserted }
}
