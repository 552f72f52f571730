// What the Coders view shows of a sync conflict: the two bodies (teams/sync's records: annotations, tags,
// memos, notes) side by side as labelled fields, the ones that differ marked, and which choices apply.
import type { SyncConflict } from '../lib/api'

export interface Row { label: string; winner: string; loser: string; differs: boolean }

export interface ConflictView {
  title: string // "Annotation on “quote”", "Tag Claims/Disputed", …
  winnerDeleted: boolean
  loserDeleted: boolean
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
const hidden = new Set(['type', 'docSha256', 'version', 'start', 'end', 'prefix', 'suffix', 'created', 'sha256', 'textsLocal', 'bodyStart', 'format', 'kind'])

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
  const l = asBody(c.loser) ?? {}
  const winnerDeleted = isDeleted(c.winner)
  const loserDeleted = isDeleted(c.loser)
  const keys = new Set([...Object.keys(w), ...Object.keys(l)].filter((k) => !k.startsWith('_') && !hidden.has(k)))
  const sorted = [...keys].sort((a, b) => {
    const ia = order.indexOf(a), ib = order.indexOf(b)
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b)
  })
  const rows = sorted.map((k) => {
    const winner = winnerDeleted ? '' : show(k, w[k])
    const loser = loserDeleted ? '' : show(k, l[k])
    return { label: labels[k] ?? k, winner, loser, differs: winner !== loser }
  }).filter((r) => r.winner !== '' || r.loser !== '' || r.label === 'Note' || r.label === 'Tags')
  const any = winnerDeleted ? l : w
  const name = show('exact', any.exact) || show('path', any.path) || show('title', any.title)
  const title = c.kind === 'annotation' && name ? `Annotation on “${name.length > 80 ? name.slice(0, 80) + '…' : name}”`
    : name ? `${kindName(c.kind)} ${name}` : `${kindName(c.kind)} ${c.id}`
  // keeping both makes the other version an annotation of its own (teams/sync.Resolve: annotations only)
  const both = c.id.startsWith('ann:')
  return { title, winnerDeleted, loserDeleted, rows, canKeepBoth: both && !winnerDeleted && !loserDeleted }
}
