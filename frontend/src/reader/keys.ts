// The Reader's keys: which action a key press asks for (Reader.svelte runs it). Caret browsing (F7) moves
// through the injected caretMoves, which returns whether it took the key.

export type KeyAction =
  | { do: 'find' } // Ctrl+F
  | { do: 'caret-toggle' } // F7
  | { do: 'caret-moved' } // caret browsing took the key
  | { do: 'extend'; key: string; byWord: boolean } // Shift+arrows select from the keyboard
  | { do: 'escape' } // closes the popover and clears the selection; with neither, goes back
  | { do: 'back' } // Alt+←
  | { do: 'quick-tag'; n: number } // 1–9 on a selection
  | { do: 'step'; dir: 1 | -1 } // n / p
  | { do: 'to-tags'; enter: boolean } // typing after a selection goes to the tag picker

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>

export type KeyContext = {
  inField: boolean // the key went to an input, textarea, select or editable element
  paletteOpen: boolean
  editor: { focused: boolean } | null // the popover, when open
  hasSelection: () => boolean // text of the article is selected
  caretMoves: (key: string, byWord: boolean) => boolean
}

// The action for a key press, or null when the Reader leaves the key alone. The order matters: Ctrl+F
// works in fields; caret browsing goes before the selection keys.
export function readerKey(e: KeyPress, c: KeyContext): KeyAction | null {
  const mod = e.ctrlKey || e.metaKey
  if (mod && !e.shiftKey && e.key.toLowerCase() === 'f') return { do: 'find' }
  if (c.inField || c.paletteOpen) return null
  if (e.key === 'F7') return { do: 'caret-toggle' }
  const editorFocused = !!c.editor?.focused
  if (!e.shiftKey && !e.altKey && !editorFocused && c.caretMoves(e.key, mod)) return { do: 'caret-moved' }
  if (e.shiftKey && !e.altKey && e.key.startsWith('Arrow') && !editorFocused) return { do: 'extend', key: e.key, byWord: mod }
  if (e.key === 'Escape') return { do: 'escape' }
  if (e.altKey && e.key === 'ArrowLeft') return { do: 'back' }
  if (!mod && !e.altKey && /^[1-9]$/.test(e.key) && c.hasSelection()) return { do: 'quick-tag', n: Number(e.key) }
  if (!mod && !e.altKey && (e.key === 'n' || e.key === 'p') && !c.editor) return { do: 'step', dir: e.key === 'n' ? 1 : -1 }
  if (c.editor && !editorFocused && (e.key === 'Enter' || (e.key.length === 1 && !mod))) return { do: 'to-tags', enter: e.key === 'Enter' }
  return null
}
