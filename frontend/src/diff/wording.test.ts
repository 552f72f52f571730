import { describe, expect, it } from 'vitest'
import type { VersionInfo } from '../lib/api'
import { changedTitle, CHANGED_LABEL, defaultPair, diffSummaryText, periodicMessage, refreshIntervalMs, utcStamp, versionLabel, versionSource } from './wording'

const v = (n: number, current = false, captured = false): VersionInfo => ({
  n, importedAt: '2026-12-01T09:05:00Z', sha256: 'ab'.repeat(32), words: 10, current,
  capture: captured ? { url: 'http://news.test/a', finalUrl: 'http://news.test/a?x', retrievedAt: '2026-12-02T14:03:59.9Z', status: 200, payloadSha256: 'cd'.repeat(32), textSha256: 'ef'.repeat(32), warcFile: 'warc/x.warc.gz', warcRecordId: '<urn:uuid:1>' } : undefined,
})

describe('diff wording', () => {
  it('writes capture times in UTC to the minute', () => {
    expect(utcStamp('2026-12-02T14:03:59.9Z')).toBe('2 Dec 2026 14:03 UTC')
    expect(utcStamp('2026-01-09T23:30:00-02:00')).toBe('10 Jan 2026 01:30 UTC')
    expect(utcStamp('not a time')).toBe('not a time')
  })
  it('summarises a diff', () => {
    expect(diffSummaryText({ inserted: 0, deleted: 0, changes: 0 })).toBe('The two versions have the same text')
    expect(diffSummaryText({ inserted: 3, deleted: 1, changes: 1 })).toBe('1 change: 3 words added, 1 removed')
    expect(diffSummaryText({ inserted: 0, deleted: 1, changes: 2 })).toBe('2 changes: 1 word removed')
    expect(diffSummaryText({ inserted: 1200, deleted: 0, changes: 4 })).toBe('4 changes: 1,200 words added')
    expect(diffSummaryText({ inserted: 0, deleted: 0, changes: 1 })).toBe('1 change: spacing or punctuation only')
  })
  it('names versions by how they came', () => {
    expect(versionLabel(v(2, true, true))).toBe('version 2 (current) · captured 2 Dec 2026 14:03 UTC')
    expect(versionLabel(v(1))).toBe('version 1 · imported 1 Dec 2026 09:05 UTC')
    expect(versionSource(v(2, true, true))).toBe('from http://news.test/a?x · HTTP 200 · sha256 cdcdcdcdcdcd…')
    expect(versionSource({ ...v(1), sourcePath: '/home/a/x.txt' })).toBe('from /home/a/x.txt')
  })
  it('opens on the version annotated on when the document changed since', () => {
    const vs = [v(1), v(2), v(3, true)]
    expect(defaultPair(vs)).toEqual({ from: 2, to: 3 })
    expect(defaultPair(vs, { docId: 'd', annotatedOn: 1, current: 3, annotations: 2 })).toEqual({ from: 1, to: 3 })
    expect(defaultPair([v(1, true)])).toEqual({ from: 1, to: 1 })
  })
})

describe('changed since you annotated it', () => {
  it('says which version the annotations were made on', () => {
    expect(CHANGED_LABEL).toBe('changed since you annotated it')
    expect(changedTitle({ docId: 'd', annotatedOn: 1, current: 2, annotations: 1 })).toBe('Now version 2: 1 annotation was made on version 1')
    expect(changedTitle({ docId: 'd', annotatedOn: 1, current: 4, annotations: 3 })).toBe('Now version 4: 3 annotations were made on version 1 or later')
  })
})

describe('periodic check', () => {
  it('reads the interval setting', () => {
    expect(refreshIntervalMs(undefined)).toBe(0)
    expect(refreshIntervalMs('')).toBe(0)
    expect(refreshIntervalMs('30')).toBe(1_800_000)
    expect(refreshIntervalMs('2.5')).toBe(0)
  })
  it('speaks only when something changed', () => {
    expect(periodicMessage([{ docId: 'a', title: 'A', status: 'unchanged' }])).toBe('')
    expect(periodicMessage([{ docId: 'a', title: 'Harbour', status: 'changed', version: 3 }, { docId: 'b', title: 'B', status: 'error', error: 'timeout' }]))
      .toBe('Checked for updates: “Harbour” changed (version 3)')
    expect(periodicMessage([
      { docId: 'a', title: 'A', status: 'changed', version: 2 }, { docId: 'b', title: 'B', status: 'changed', version: 2 },
      { docId: 'c', title: 'Gone', status: 'gone' },
    ])).toBe('Checked for updates: 2 articles changed; “Gone” was removed from the web (the last capture is kept)')
  })
})
