// The overlapping-highlights chooser's logic (HighlightChooser.svelte): which highlights it offers, in
// what order, and where its menu goes so that it stays inside the window.

// The highlights under a click, each once, the shortest (innermost, the one most likely meant) first;
// equal lengths keep text order.
export function choices<T extends { id: string; start: number; end: number }>(list: T[]): T[] {
  const seen = new Set<string>()
  const out = list.filter((a) => !seen.has(a.id) && !!seen.add(a.id))
  return out.sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start)
}

// Where the menu of size box goes for a click at p: just below the click, else above it when it would
// leave the window at the bottom; never past the window's edges (margin 8 px).
export function menuPlace(p: { x: number; y: number }, box: { width: number; height: number }, view: { width: number; height: number }): { left: number; top: number } {
  const m = 8
  let top = p.y + 16
  if (top + box.height > view.height - m) top = p.y - 8 - box.height
  top = Math.max(m, Math.min(top, view.height - m - box.height))
  const left = Math.max(m, Math.min(p.x, view.width - m - box.width))
  return { left, top }
}
