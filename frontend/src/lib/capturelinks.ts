// Lists of links in files, and what the Library's Check for updates checks (beside lib/capture.ts).
import { isLinkOnly, parseURLs } from './capture'

// LINK_FILE names the files that can be lists of links: a .uri/.urls list, or plain text.
const LINK_FILE = /\.(uri|urls|url-list|txt|list)$/i
export const MAX_LINK_FILE = 1 << 20

// isLinkFileName: a dropped or opened file worth reading as a list of links (small, text).
export function isLinkFileName(name: string, size: number): boolean {
  return LINK_FILE.test(name) && size <= MAX_LINK_FILE
}

// linksInFiles gives the links of text files that are lists of links and nothing else (a uri-list with
// its comments, one link a line), or null when any file is something else: an article to import as a file.
export function linksInFiles(files: { name: string; text: string }[]): string[] | null {
  if (!files.length) return null
  const out: string[] = []
  for (const f of files) {
    if (!LINK_FILE.test(f.name) || !isLinkOnly(f.text.replace(/^#.*$/gm, ''))) return null
    for (const u of parseURLs(f.text)) if (!out.includes(u)) out.push(u)
  }
  return out
}

// checkTargets: what the Library's Check for updates checks — every captured document ([] asks Go for
// all), or, while a filter narrows the list, the captured documents shown (the selection).
export function checkTargets(all: { id: string; url?: string }[], shown: { id: string; url?: string }[], filtering: boolean): { ids: string[]; label: string } | null {
  const web = (d: { url?: string }) => /^https?:/i.test(d.url ?? '')
  if (!all.some(web)) return null
  const ids = shown.filter(web).map((d) => d.id)
  if (!filtering || ids.length === all.filter(web).length) return { ids: [], label: 'Check for updates' }
  if (!ids.length) return null
  return { ids, label: `Check the ${ids.length} shown for updates` }
}
