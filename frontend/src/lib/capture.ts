// Web capture in the window: links taken from a paste, a drop or a typed list, and the words the window
// uses for what happened to each URL or document (ImportURLs / RefreshDocuments in app/capture.go).

import type { Capture, RefreshResult, URLResult } from './api'

const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi
// punctuation that ends a sentence rather than the link ("see https://a.example/x.")
const TRAILING = /[.,;:!?)\]}»”’]+$/

// parseURLs gives the web links in text, in order, once each: a text/uri-list (one per line, # comments),
// a pasted paragraph with several links, or one link. Only http(s) links are kept; each is normalised as
// the browser would send it.
export function parseURLs(text: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue // uri-list comments
    for (const m of line.matchAll(LINK)) {
      let s = m[0]
      // keep a closing bracket the link opened itself (Wikipedia's "…_(disambiguation)")
      while (TRAILING.test(s)) {
        const last = s[s.length - 1]
        if (last === ')' && (s.match(/\(/g)?.length ?? 0) >= (s.match(/\)/g)?.length ?? 0)) break
        s = s.slice(0, -1)
      }
      let u: URL
      try {
        u = new URL(s)
      } catch {
        continue
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue
      u.hash = '' // the same page: a fragment is not another article
      if (!seen.has(u.href)) {
        seen.add(u.href)
        out.push(u.href)
      }
    }
  }
  return out
}

// isLinkOnly: the text is one or more links and nothing else (what a paste must be to open the dialog).
export function isLinkOnly(text: string): boolean {
  const urls = parseURLs(text)
  if (!urls.length) return false
  return text.replace(LINK, '').replace(/[\s#]/g, '').length === 0
}

// urlResultLine is the line the Add from URL dialog shows for one URL.
export function urlResultLine(r: URLResult): string {
  const title = r.title ? `“${r.title}”` : 'the document'
  switch (r.status) {
    case 'imported':
      return `imported: ${title}`
    case 'unchanged':
      return `already in the library — unchanged: ${title}`
    case 'version':
      return `new version of ${title}${r.version ? ` (version ${r.version})` : ''}`
    default:
      return r.error || 'failed'
  }
}

// refreshResultLine is the line Check for updates shows for one document.
export function refreshResultLine(r: RefreshResult): string {
  switch (r.status) {
    case 'unchanged':
      return 'unchanged'
    case 'changed':
      return r.version ? `changed → new version ${r.version}` : 'changed → new version'
    case 'gone':
      return `gone from the web${r.error ? ` (${r.error})` : ''}; the last capture is kept`
    default:
      return `error: ${r.error || 'unknown'}`
  }
}

// refreshSummary counts the results by outcome ("3 unchanged, 1 changed").
export function refreshSummary(rs: RefreshResult[]): string {
  if (!rs.length) return 'No captured document to check.'
  const n = (s: RefreshResult['status']) => rs.filter((r) => r.status === s).length
  const parts = [
    [n('unchanged'), 'unchanged'],
    [n('changed'), 'changed'],
    [n('gone'), 'gone'],
    [n('error'), rs.filter((r) => r.status === 'error').length === 1 ? 'error' : 'errors'],
  ].filter(([k]) => (k as number) > 0)
  return parts.map(([k, w]) => `${k} ${w}`).join(', ')
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

// utcStamp writes an RFC 3339 time as "2 Dec 2026 14:03 UTC" (evidence is given in UTC, not local time).
export function utcStamp(iso: string): string {
  const d = new Date(iso)
  if (isNaN(d.getTime())) return iso
  const hh = String(d.getUTCHours()).padStart(2, '0')
  const mm = String(d.getUTCMinutes()).padStart(2, '0')
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm} UTC`
}

// provenanceLine: "Captured 2 Dec 2026 14:03 UTC from https://… · sha256 0123456789ab…" (payload hash).
export function provenanceLine(c: Capture): string {
  return `Captured ${utcStamp(c.retrievedAt)} from ${c.finalUrl || c.url} · sha256 ${c.payloadSha256.slice(0, 12)}…`
}

// quoted puts a claim in quotation marks once, whether or not the page quoted it already.
export function quoted(claim: string): string {
  return `“${claim.trim().replace(/^["“”„«»']+|["“”«»']+$/g, '').trim()}”`
}
