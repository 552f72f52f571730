import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/svelte'
import type { VersionInfo } from '../lib/api'
import { captureRows, uncapturedNote } from './captureDetails'
import CaptureDetails from './CaptureDetails.svelte'

const cap = (id: string, sha: string, at: string) => ({
  url: 'http://news.test/a', finalUrl: 'https://news.test/a', redirects: ['https://news.test/a'], retrievedAt: at, status: 200,
  payloadSha256: sha, textSha256: 'ef'.repeat(32), warcFile: 'warc/x.warc.gz', warcRecordId: id,
})
const versions: VersionInfo[] = [
  { n: 1, importedAt: '2026-12-01T09:30:00Z', sha256: 'x', words: 10, current: false, capture: cap('<urn:uuid:1>', 'aa'.repeat(32), '2026-12-01T09:30:00Z') },
  { n: 2, importedAt: '2026-12-02T14:03:00Z', sha256: 'y', words: 10, current: false, sourcePath: '/tmp/fixed.html' },
  { n: 3, importedAt: '2026-12-03T08:00:00Z', sha256: 'z', words: 10, current: true, capture: cap('<urn:uuid:3>', 'cc'.repeat(32), '2026-12-03T08:00:00Z') },
]

describe('capture details', () => {
  it('lists every field of a capture, hashes in full', () => {
    const rows = captureRows(versions[0].capture!)
    const by = Object.fromEntries(rows.map((r) => [r.label, r.value]))
    expect(by['Asked for']).toBe('http://news.test/a')
    expect(by['Landed on']).toBe('https://news.test/a')
    expect(by['Redirect 1']).toBe('https://news.test/a')
    expect(by['Retrieved']).toBe('1 Dec 2026 09:30 UTC (2026-12-01T09:30:00Z)')
    expect(by['Page sha256']).toBe('aa'.repeat(32))
    expect(by['WARC record']).toBe('<urn:uuid:1>')
    expect(by['HTTP status']).toBe('200')
  })
  it('says when a version was not captured while others were', () => {
    expect(uncapturedNote(2, versions)).toBe('Version 2 was imported from /tmp/fixed.html, not captured from the web.')
    expect(uncapturedNote(1, versions)).toBe('')
    expect(uncapturedNote(1, [{ ...versions[1], n: 1 }])).toBe('')
  })
  it('shows the shown version its own capture, not the current one', () => {
    const old = render(CaptureDetails, { n: 1, versions })
    expect(old.container.textContent).toContain('Capture details of version 1')
    expect(old.container.textContent).toContain('<urn:uuid:1>')
    expect(old.container.textContent).toContain('aa'.repeat(32))
    expect(old.container.textContent).not.toContain('<urn:uuid:3>')
    old.unmount()
    const cur = render(CaptureDetails, { n: 3, versions })
    expect(cur.container.textContent).toContain('<urn:uuid:3>')
    expect(cur.container.textContent).not.toContain('aa'.repeat(32))
    cur.unmount()
    const none = render(CaptureDetails, { n: 2, versions })
    expect(none.container.textContent).toContain('not captured from the web')
  })
})
