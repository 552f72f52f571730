// The Library's selection of rows, for Check for updates and Delete on several documents: Ctrl/⌘+click
// toggles a row, Shift+click selects from the anchor (the last row toggled) to the row, Shift+↑/↓ extends
// from the cursor, Space toggles the cursor's row, Ctrl+A selects every row shown, Esc clears. A plain
// click still opens the document. Pure functions on a Selection, so the rules are tested without a page.

export interface Selection {
  ids: string[] // selected document ids, in the order they were selected
  anchor: string | null // where a Shift range starts
}

export const emptySelection = (): Selection => ({ ids: [], anchor: null })

export function isSelected(sel: Selection, id: string): boolean {
  return sel.ids.includes(id)
}

export function toggle(sel: Selection, id: string): Selection {
  return { ids: sel.ids.includes(id) ? sel.ids.filter((x) => x !== id) : [...sel.ids, id], anchor: id }
}

// range selects the rows of order from the anchor to id (both included); add keeps what was selected
// outside the range (Ctrl+Shift), as file managers do. With no anchor (or one no longer shown) the range
// is the row alone.
export function range(sel: Selection, order: string[], id: string, add = false): Selection {
  const to = order.indexOf(id)
  if (to < 0) return sel
  let from = sel.anchor ? order.indexOf(sel.anchor) : -1
  if (from < 0) from = to
  const [lo, hi] = from <= to ? [from, to] : [to, from]
  const span = order.slice(lo, hi + 1)
  const kept = add ? sel.ids.filter((x) => !span.includes(x)) : []
  return { ids: [...kept, ...span], anchor: sel.anchor && order.includes(sel.anchor) ? sel.anchor : id }
}

// extend is Shift+↑/↓ from row cursor to row next: the first press selects the cursor's row as the anchor.
export function extend(sel: Selection, order: string[], cursor: number, next: number): Selection {
  if (!order[cursor] || !order[next]) return sel
  const start = sel.ids.length && sel.anchor && order.includes(sel.anchor) ? sel : { ids: [], anchor: order[cursor] }
  return range(start, order, order[next])
}

export function selectAll(order: string[]): Selection {
  return { ids: [...order], anchor: order[0] ?? null }
}

// prune drops ids no longer in the library (deleted, undone imports).
export function prune(sel: Selection, existing: string[]): Selection {
  const have = new Set(existing)
  const ids = sel.ids.filter((x) => have.has(x))
  if (ids.length === sel.ids.length && (!sel.anchor || have.has(sel.anchor))) return sel
  return { ids, anchor: sel.anchor && have.has(sel.anchor) ? sel.anchor : null }
}

// clickRow applies a click with modifiers; null when the click is a plain one (it opens the document).
export function clickRow(sel: Selection, order: string[], id: string, e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): Selection | null {
  const ctrl = e.ctrlKey || e.metaKey
  if (e.shiftKey) return range(sel, order, id, ctrl)
  if (ctrl) return toggle(sel, id)
  return null
}

// ownsKeys: the focus is on something whose Space, Ctrl+A and Esc are its own (a text field, a button, a
// link, a list box), so the selection leaves them alone.
export function ownsKeys(target: EventTarget | null): boolean {
  const t = target as { tagName?: string; isContentEditable?: boolean; getAttribute?: (n: string) => string | null } | null
  if (!t || !t.tagName) return false
  return ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY'].includes(t.tagName.toUpperCase()) || !!t.isContentEditable ||
    ['button', 'textbox', 'menuitem', 'option', 'checkbox', 'switch'].includes(t.getAttribute?.('role') ?? '')
}

// selectionKey applies a key of the Library's keyboard to the selection (cursor: the highlighted row;
// inText: the focus owns Space, Ctrl+A and Esc: ownsKeys). null: not a selection
// key. move: where the cursor goes (Shift+↑/↓).
export function selectionKey(sel: Selection, order: string[], cursor: number,
  e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }, inText: boolean): { sel: Selection; move?: number } | null {
  const ctrl = e.ctrlKey || e.metaKey
  if (e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    const next = Math.max(0, Math.min(order.length - 1, cursor + (e.key === 'ArrowDown' ? 1 : -1)))
    return { sel: extend(sel, order, cursor, next), move: next }
  }
  if (inText) return null
  if (e.key === ' ' && order[cursor]) return { sel: toggle(sel, order[cursor]) }
  if (ctrl && (e.key === 'a' || e.key === 'A')) return { sel: selectAll(order) }
  if (e.key === 'Escape' && sel.ids.length) return { sel: emptySelection() }
  return null
}
