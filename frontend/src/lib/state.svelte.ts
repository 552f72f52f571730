// App-wide state shared by the views: which view is shown, the tags, and a revision counter that every
// view watches to reload after undo/redo or any change made elsewhere.
import { api, type Reading, type Report, type Tag } from './api'

export type View = 'library' | 'reader' | 'annotations' | 'tags' | 'notes' | 'search' | 'review' | 'coders' | 'settings'

export const ui = $state({
  view: 'library' as View,
  openId: '',
  focusAnnotation: '', // annotation to scroll to when the reader opens
  focusRange: null as { start: number; end: number } | null, // text to select when the reader opens
  reattach: '', // annotation waiting for the person to select its new place
  revision: 0,
  toast: '',
  tags: [] as Tag[],
  paletteOpen: false,
})

let toastTimer: ReturnType<typeof setTimeout> | undefined
export function toast(msg: string) {
  ui.toast = msg
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => (ui.toast = ''), 2500)
}

export async function reloadTags() {
  ui.tags = await api.tags()
}

export function changed() {
  ui.revision++
  reloadTags()
}

// The document asked for by openDocument, requested at once: the Go side renders it while the window
// swaps the view, and the Reader takes the reply (takeOpened) instead of asking again.
let opening: { id: string; reply: Promise<Reading>; at: number } | null = null

export function takeOpened(id: string): { reply: Promise<Reading>; at: number } {
  const o = opening
  opening = null
  // Only a request made for this mount: the Reader mounts within a frame or two of openDocument, and an
  // older reply may predate an edit.
  return o && o.id === id && performance.now() - o.at < 1000 ? o : { reply: api.open(id), at: performance.now() }
}

export function openDocument(id: string, annotation = '', range: { start: number; end: number } | null = null) {
  opening = { id, reply: api.open(id), at: performance.now() }
  opening.reply.catch(() => {}) // the Reader reports errors; one it never takes is not an error
  ui.openId = id
  ui.focusAnnotation = annotation
  ui.focusRange = range
  ui.view = 'reader'
}

export async function undo() {
  try {
    const label = await api.undo()
    toast(label ? `Undone: ${label}` : 'Nothing to undo')
    changed()
  } catch (e) {
    toast(String(e))
  }
}

export async function redo() {
  try {
    const label = await api.redo()
    toast(label ? `Redone: ${label}` : 'Nothing to redo')
    changed()
  } catch (e) {
    toast(String(e))
  }
}

// One import at a time: its progress and, when done, its per-file report (components/ImportStatus.svelte).
export const importing = $state({ running: false, report: null as Report | null })

export async function runImport(work: () => Promise<Report>) {
  importing.running = true
  importing.report = null
  try {
    const report = await work()
    importing.report = report.items.length ? report : null
    changed()
  } catch (e) {
    toast(String(e).replace(/^Error: /, ''))
  } finally {
    importing.running = false
  }
}

// Files dropped on the window travel to Go as base64 (the page cannot give Go a path).
export async function importDroppedFiles(files: File[]) {
  const encoded = await Promise.all(
    files.map(async (f) => {
      const bytes = new Uint8Array(await f.arrayBuffer())
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return { name: f.name, data: btoa(bin) }
    }),
  )
  await runImport(() => api.importDropped(encoded))
}
