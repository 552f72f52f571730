// The full record of one version's capture, as the Reader's "Capture details" lists it: every field a
// person citing the page needs (what was asked for, where it landed, when, the HTTP status, both hashes,
// the WARC record and file), each version its own.
import type { Capture, VersionInfo } from '../lib/api'
import { utcStamp } from '../lib/capture'

export type DetailRow = { label: string; value: string; mono?: boolean }

export function captureRows(c: Capture): DetailRow[] {
  const rows: DetailRow[] = [{ label: 'Asked for', value: c.url }]
  if (c.finalUrl && c.finalUrl !== c.url) rows.push({ label: 'Landed on', value: c.finalUrl })
  for (const [i, r] of (c.redirects ?? []).entries()) rows.push({ label: `Redirect ${i + 1}`, value: r })
  rows.push({ label: 'Retrieved', value: `${utcStamp(c.retrievedAt)} (${c.retrievedAt})` })
  if (c.status) rows.push({ label: 'HTTP status', value: String(c.status) })
  if (c.payloadSha256) rows.push({ label: 'Page sha256', value: c.payloadSha256, mono: true })
  if (c.textSha256) rows.push({ label: 'Text sha256', value: c.textSha256, mono: true })
  if (c.warcRecordId) rows.push({ label: 'WARC record', value: c.warcRecordId, mono: true })
  if (c.warcFile) rows.push({ label: 'WARC file', value: c.warcFile, mono: true })
  if (c.etag) rows.push({ label: 'ETag', value: c.etag, mono: true })
  if (c.lastModified) rows.push({ label: 'Last-Modified', value: c.lastModified })
  return rows
}

// uncapturedNote says why a version has no capture when others of the document have one ('' otherwise).
export function uncapturedNote(n: number, versions: VersionInfo[]): string {
  const v = versions.find((x) => x.n === n)
  if (!v || v.capture || !versions.some((x) => x.capture)) return ''
  return v.sourcePath ? `Version ${n} was imported from ${v.sourcePath}, not captured from the web.` : `Version ${n} was not captured from the web.`
}
