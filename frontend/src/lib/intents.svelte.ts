// Requests from one view to another: the one owner of every cross-view flag. A view that asks (Search,
// Review, the command palette, a dropped file of links) calls ask…; the view that answers takes the
// request once, when it mounts or when the request arrives, and the flag is cleared in the same call.
// The one standing request is re-attach: it lasts while the Reader waits for the person's selection, so
// the Reader's banner reads it (reattaching) and the selection or Cancel ends it.
export type Range = { start: number; end: number }

// What the Reader brings into view when it opens: an annotation, or a passage of text (a search hit).
export type Focus = { annotation: string } | { range: Range }

const pending = $state({
  focus: null as Focus | null, // Reader: bring this into view on open
  reattach: '', // Reader: the annotation waiting for the person to select its new place
  merge: false, // Coders: open the merge-from-file dialog
  addURLs: null as string[] | null, // Library: Add from URL with these links ([] = just open the dialog)
})

// askFocus: the next Reader mount brings the annotation (if any) or else the range into view.
export function askFocus(annotation = '', range: Range | null = null) {
  pending.focus = annotation ? { annotation } : range ? { range: { ...range } } : null
}
export function takeFocus(): Focus | null {
  const f = pending.focus
  pending.focus = null
  return f
}

export function askReattach(annotation: string) {
  pending.reattach = annotation
}
// reattaching: the annotation waiting for its new place, '' when none (reactive, for the banner).
export function reattaching(): string {
  return pending.reattach
}
// takeReattach ends the wait: the selection made is its new place (or Cancel was pressed).
export function takeReattach(): string {
  const id = pending.reattach
  pending.reattach = ''
  return id
}

export function askMerge() {
  pending.merge = true
}
export function takeMerge(): boolean {
  const m = pending.merge
  pending.merge = false
  return m
}

export function askAddURLs(urls: string[] = []) {
  pending.addURLs = [...urls]
}
// takeAddURLs: the links handed over (read reactively, so an $effect runs when they arrive), or null.
export function takeAddURLs(): string[] | null {
  const u = pending.addURLs
  if (u === null) return null
  pending.addURLs = null
  return u
}
