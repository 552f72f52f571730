// Which view is shown and which document the Reader is asked to open. What it brings into view once open
// (an annotation, a passage) is a request in intents.svelte.ts.
import { api, type Reading } from './api'
import { askFocus } from './intents.svelte'

export type View = 'library' | 'reader' | 'annotations' | 'tags' | 'notes' | 'search' | 'review' | 'coders' | 'settings'

export const nav = $state({
  view: 'library' as View,
  openId: '',
})

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
  nav.openId = id
  askFocus(annotation, range)
  nav.view = 'reader'
}
