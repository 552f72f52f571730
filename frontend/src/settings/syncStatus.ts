// Settings › Team sync's status line, in words: last synced, pending changes, conflicts waiting, and the
// last round's error (teams/sync.Status as app.SyncState sends it).
import type { SyncStatus } from '../lib/api'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

// A Go zero time ("0001-01-01T00:00:00Z") means never.
export function lastSynced(iso: string, now = new Date()): string {
  const t = new Date(iso)
  if (!iso || isNaN(t.getTime()) || t.getUTCFullYear() < 2) return 'never synced'
  const sameDay = t.toDateString() === now.toDateString()
  return `last synced ${sameDay ? t.toLocaleTimeString() : t.toLocaleString()}`
}

export function statusParts(s: SyncStatus, now = new Date()): string[] {
  if (!s.server) return ['Team sync is off']
  return [
    lastSynced(s.lastSynced, now),
    plural(s.pending, 'change', 'changes') + ' pending',
    plural(s.conflicts, 'conflict', 'conflicts') + ' waiting',
    ...(s.refused ? [plural(s.refused, 'refused edit', 'refused edits') + ' waiting'] : []),
    ...(s.watching ? ['syncing live'] : []),
  ]
}
