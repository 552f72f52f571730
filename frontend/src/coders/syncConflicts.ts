// What the Coders view shows of a sync conflict: the bodies (teams/sync's records: annotations, tags,
// memos, notes) side by side as labelled fields — the one applied here and every losing version (three
// libraries editing one record make two) — the ones that differ marked, and which choices apply.
import type { SyncConflict } from '../lib/api'

// loser is the first losing version's value, others the further ones' (in the order of SyncConflict.others)
export interface Row { label: string; winner: string; loser: string; others: string[]; differs: boolean }

// A losing version, as a column: its revision (to take it) and whether it is a deletion.
export interface Loser { rev: string; deleted: boolean }

export interface ConflictView {
  title: string // "Annotation on “quote”", "Tag Claims/Disputed", …
  winnerDeleted: boolean
  loserDeleted: boolean
  losers: Loser[] // every losing version, the first first
  rows: Row[]
  canKeepBoth: boolean
}

type Body = Record<string, unknown>

const labels: Record<string, string> = {
  exact: 'Passage', tags: 'Tags', note: 'Note', author: 'Author', modified: 'Changed', created: 'Created',
  path: 'Path', colour: 'Colour', description: 'Description', text: 'Text', title: 'Title', body: 'Text',
  owner: 'Server user', date: 'Date', source: 'Source', url: 'Address', versions: 'Versions', meta: 'Details', tag: 'Tag', with: 'With', by: 'By', at: 'When',
}
// shown first, in this order; the rest (other than the selector's context and internals) after them
const order = ['exact', 'path', 'title', 'note', 'text', 'body', 'tags', 'colour', 'description', 'author', 'modified']
const hidden = new Set(['type', 'docSha256', 'version', 'versionSha256', 'start', 'end', 'prefix', 'suffix', 'created', 'sha256', 'textsLocal', 'bodyStart', 'format', 'kind'])

function asBody(v: unknown): Body | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : null
}

export const isDeleted = (v: unknown) => {
  const b = asBody(v)
  return !b || b._deleted === true
}

function show(key: string, v: unknown): string {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ')
  if ((key === 'modified' || key === 'created' || key === 'at') && typeof v === 'string') {
    const d = new Date(v)
    return isNaN(d.getTime()) || d.getFullYear() < 2 ? v : d.toLocaleString()
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

const kindName = (k: string) => (k ? k[0].toUpperCase() + k.slice(1) : 'Record')

export function conflictView(c: SyncConflict): ConflictView {
  const w = asBody(c.winner) ?? {}
  const bodies = [c.loser, ...(c.others ?? []).map((o) => o.loser)]
  const ls = bodies.map((b) => asBody(b) ?? {})
  const losers = [c.loserRev, ...(c.others ?? []).map((o) => o.loserRev)].map((rev, i) => ({ rev, deleted: isDeleted(bodies[i]) }))
  const winnerDeleted = isDeleted(c.winner)
  const loserDeleted = losers[0].deleted
  const keys = new Set([...Object.keys(w), ...ls.flatMap((l) => Object.keys(l))].filter((k) => !k.startsWith('_') && !hidden.has(k)))
  const sorted = [...keys].sort((a, b) => {
    const ia = order.indexOf(a), ib = order.indexOf(b)
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b)
  })
  const rows = sorted.map((k) => {
    const winner = winnerDeleted ? '' : show(k, w[k])
    const values = ls.map((l, i) => (losers[i].deleted ? '' : show(k, l[k])))
    return { label: labels[k] ?? k, winner, loser: values[0], others: values.slice(1), differs: values.some((v) => v !== winner) }
  }).filter((r) => r.winner !== '' || r.loser !== '' || r.others.some((v) => v !== '') || r.label === 'Note' || r.label === 'Tags')
  const any = winnerDeleted ? (ls.find((_, i) => !losers[i].deleted) ?? {}) : w
  const name = show('exact', any.exact) || show('path', any.path) || show('title', any.title)
  const title = c.kind === 'annotation' && name ? `Annotation on “${name.length > 80 ? name.slice(0, 80) + '…' : name}”`
    : name ? `${kindName(c.kind)} ${name}` : `${kindName(c.kind)} ${c.id}`
  // keeping both makes each other version an annotation of its own (teams/sync.Resolve: annotations only)
  const both = c.id.startsWith('ann:')
  return { title, winnerDeleted, loserDeleted, losers, rows, canKeepBoth: both && !winnerDeleted && losers.some((l) => !l.deleted) }
}
