// The words of the diff view, the Library's "changed since you annotated it" mark and the periodic
// check's message. What changed is computed in Go (VersionDiff, AnnotatedChanges, RefreshDocuments);
// this only says it.
import type { AnnotatedChange, DiffSummary, RefreshResult, VersionInfo } from '../lib/api'
import { utcStamp } from '../lib/capture'

export { utcStamp }

const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

// diffSummaryText: "1 change: 3 words added, 1 removed".
export function diffSummaryText(s: DiffSummary): string {
  if (s.changes === 0) return 'The two versions have the same text'
  const parts: string[] = []
  if (s.inserted) parts.push(`${plural(s.inserted, 'word')} added`)
  if (s.deleted) parts.push(parts.length ? `${s.deleted.toLocaleString('en')} removed` : `${plural(s.deleted, 'word')} removed`)
  if (!parts.length) parts.push('spacing or punctuation only')
  return `${plural(s.changes, 'change')}: ${parts.join(', ')}`
}

// versionLabel names a version in the diff view's choosers: how it came and when.
export function versionLabel(v: VersionInfo): string {
  const how = v.capture ? `captured ${utcStamp(v.capture.retrievedAt)}` : `imported ${utcStamp(v.importedAt)}`
  return `version ${v.n}${v.current ? ' (current)' : ''} · ${how}`
}

// versionSource is the line under a chosen version: where its text came from.
export function versionSource(v: VersionInfo): string {
  if (v.capture) return `from ${v.capture.finalUrl || v.capture.url} · HTTP ${v.capture.status} · sha256 ${v.capture.payloadSha256.slice(0, 12)}…`
  if (v.sourcePath) return `from ${v.sourcePath}`
  return `sha256 ${v.sha256.slice(0, 12)}…`
}

// defaultPair: the versions the diff view opens on — from the version annotated on, when the document
// changed since it was annotated, else the one before the current; to the current one.
export function defaultPair(versions: VersionInfo[], change?: AnnotatedChange): { from: number; to: number } {
  const to = versions.find((v) => v.current)?.n ?? versions.length
  const from = change && change.annotatedOn < to ? change.annotatedOn : Math.max(1, to - 1)
  return { from, to }
}

export const CHANGED_LABEL = 'changed since you annotated it'

// changedTitle explains the Library's mark.
export function changedTitle(c: AnnotatedChange): string {
  const since = c.annotatedOn < c.current - 1 ? `version ${c.annotatedOn} or later` : `version ${c.annotatedOn}`
  return `Now version ${c.current}: ${plural(c.annotations, 'annotation was', 'annotations were')} made on ${since}`
}

// refreshIntervalMs reads the refresh_interval setting (minutes; Go validates it): 0 when off.
export function refreshIntervalMs(setting: string | undefined): number {
  const n = Number(setting)
  return Number.isInteger(n) && n > 0 ? n * 60_000 : 0
}

// periodicMessage is the toast after a periodic check, "" when nothing changed (a quiet check says nothing).
export function periodicMessage(results: RefreshResult[]): string {
  const changed = results.filter((r) => r.status === 'changed')
  const gone = results.filter((r) => r.status === 'gone')
  const parts: string[] = []
  if (changed.length === 1) parts.push(`“${changed[0].title}” changed (version ${changed[0].version})`)
  else if (changed.length) parts.push(`${changed.length} articles changed`)
  if (gone.length === 1) parts.push(`“${gone[0].title}” was removed from the web (the last capture is kept)`)
  else if (gone.length) parts.push(`${gone.length} articles were removed from the web (their last captures are kept)`)
  return parts.length ? `Checked for updates: ${parts.join('; ')}` : ''
}
