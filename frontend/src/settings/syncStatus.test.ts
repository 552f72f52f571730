import { describe, expect, it } from 'vitest'
import { lastSynced, statusParts } from './syncStatus'
import type { SyncStatus } from '../lib/api'

const st = (o: Partial<SyncStatus>): SyncStatus => ({
  server: 'http://127.0.0.1:5984', project: 'p', user: '', lastSynced: '0001-01-01T00:00:00Z', lastError: '',
  pending: 0, conflicts: 0, refused: 0, keepTextsLocal: false, watching: false, ...o,
})

describe('team sync status line', () => {
  it('says never for Go’s zero time and a time for a real one', () => {
    expect(lastSynced('0001-01-01T00:00:00Z')).toBe('never synced')
    expect(lastSynced('')).toBe('never synced')
    const now = new Date('2026-12-03T10:00:00Z')
    expect(lastSynced('2026-12-03T09:59:00Z', now)).toBe('last synced ' + new Date('2026-12-03T09:59:00Z').toLocaleTimeString())
    expect(lastSynced('2026-11-01T09:59:00Z', now)).toBe('last synced ' + new Date('2026-11-01T09:59:00Z').toLocaleString())
  })
  it('counts pending changes and conflicts, singular and plural', () => {
    expect(statusParts(st({ pending: 1, conflicts: 2, watching: true }))).toEqual(['never synced', '1 change pending', '2 conflicts waiting', 'syncing live'])
    expect(statusParts(st({ pending: 0, conflicts: 1 }))).toEqual(['never synced', '0 changes pending', '1 conflict waiting'])
    expect(statusParts(st({ refused: 2 }))).toEqual(['never synced', '0 changes pending', '0 conflicts waiting', '2 refused edits waiting'])
  })
  it('is off without a server', () => {
    expect(statusParts(st({ server: '' }))).toEqual(['Team sync is off'])
  })
})
