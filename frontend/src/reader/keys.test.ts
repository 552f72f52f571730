import { describe, expect, it } from 'vitest'
import { readerKey, type KeyContext, type KeyPress } from './keys'

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods })
const ctx = (c: Partial<KeyContext> = {}): KeyContext => ({ inField: false, paletteOpen: false, editor: null, hasSelection: () => false, caretMoves: () => false, ...c })

describe('readerKey', () => {
  it('opens the find bar with Ctrl+F, even from a field', () => {
    expect(readerKey(press('f', { ctrlKey: true }), ctx({ inField: true }))).toEqual({ do: 'find' })
    expect(readerKey(press('F', { metaKey: true }), ctx())).toEqual({ do: 'find' })
    expect(readerKey(press('F', { ctrlKey: true, shiftKey: true }), ctx())).toBeNull() // the library search (App)
  })
  it('leaves fields and the palette alone', () => {
    expect(readerKey(press('n'), ctx({ inField: true }))).toBeNull()
    expect(readerKey(press('Escape'), ctx({ paletteOpen: true }))).toBeNull()
  })
  it('lets caret browsing take keys before the selection keys', () => {
    const moved: string[] = []
    const caretMoves = (k: string, w: boolean) => (moved.push(`${k}${w ? '+word' : ''}`), k === 'ArrowDown')
    expect(readerKey(press('F7'), ctx({ caretMoves }))).toEqual({ do: 'caret-toggle' })
    expect(readerKey(press('ArrowDown', { ctrlKey: true }), ctx({ caretMoves }))).toEqual({ do: 'caret-moved' })
    expect(readerKey(press('n'), ctx({ caretMoves }))).toEqual({ do: 'step', dir: 1 })
    expect(moved).toEqual(['ArrowDown+word', 'n'])
    // Shift and a focused popover keep their keys from the caret
    expect(readerKey(press('ArrowDown', { shiftKey: true }), ctx({ caretMoves }))).toEqual({ do: 'extend', key: 'ArrowDown', byWord: false })
    expect(readerKey(press('ArrowDown'), ctx({ caretMoves, editor: { focused: true } }))).toBeNull()
    expect(moved).toHaveLength(2)
  })
  it('extends the selection with Shift+arrows, by word with Ctrl, not into a focused popover', () => {
    expect(readerKey(press('ArrowLeft', { shiftKey: true, ctrlKey: true }), ctx())).toEqual({ do: 'extend', key: 'ArrowLeft', byWord: true })
    expect(readerKey(press('ArrowLeft', { shiftKey: true, altKey: true }), ctx())).toEqual({ do: 'back' }) // Alt+← wins
    expect(readerKey(press('ArrowLeft', { shiftKey: true }), ctx({ editor: { focused: true } }))).toBeNull()
  })
  it('goes back with Escape or Alt+←', () => {
    expect(readerKey(press('Escape'), ctx())).toEqual({ do: 'escape' })
    expect(readerKey(press('ArrowLeft', { altKey: true }), ctx())).toEqual({ do: 'back' })
  })
  it('tags a selection with a digit, only when text is selected', () => {
    expect(readerKey(press('3'), ctx({ hasSelection: () => true }))).toEqual({ do: 'quick-tag', n: 3 })
    expect(readerKey(press('3'), ctx())).toBeNull()
    expect(readerKey(press('0'), ctx({ hasSelection: () => true }))).toBeNull()
    expect(readerKey(press('3', { ctrlKey: true }), ctx({ hasSelection: () => true }))).toBeNull()
  })
  it('steps with n and p, not while the popover is open', () => {
    expect(readerKey(press('p'), ctx())).toEqual({ do: 'step', dir: -1 })
    expect(readerKey(press('n', { altKey: true }), ctx())).toBeNull()
    expect(readerKey(press('n'), ctx({ editor: { focused: false } }))).toEqual({ do: 'to-tags', enter: false })
  })
  it('sends typing after a selection to the tag picker', () => {
    const editor = { focused: false }
    expect(readerKey(press('Enter'), ctx({ editor }))).toEqual({ do: 'to-tags', enter: true })
    expect(readerKey(press('x'), ctx({ editor }))).toEqual({ do: 'to-tags', enter: false })
    expect(readerKey(press('x', { ctrlKey: true }), ctx({ editor }))).toBeNull()
    expect(readerKey(press('x'), ctx({ editor: { focused: true } }))).toBeNull()
  })
})
