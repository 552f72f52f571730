import { describe, expect, it } from 'vitest'
import { clickRow, emptySelection, extend, ownsKeys, prune, range, selectAll, selectionKey, toggle } from './selection'
import { checkedLabel } from './checked'

const order = ['a', 'b', 'c', 'd', 'e']
const plain = { shiftKey: false, ctrlKey: false, metaKey: false }

describe('Library selection', () => {
  it('Ctrl+click toggles and sets the anchor; a plain click is not a selection', () => {
    let s = clickRow(emptySelection(), order, 'b', { ...plain, ctrlKey: true })!
    expect(s).toEqual({ ids: ['b'], anchor: 'b' })
    s = clickRow(s, order, 'd', { ...plain, metaKey: true })!
    expect(s.ids).toEqual(['b', 'd'])
    s = clickRow(s, order, 'b', { ...plain, ctrlKey: true })!
    expect(s).toEqual({ ids: ['d'], anchor: 'b' })
    expect(clickRow(s, order, 'c', plain)).toBeNull()
  })

  it('Shift+click selects from the anchor, either way; Ctrl+Shift adds the range', () => {
    let s = toggle(emptySelection(), 'b')
    expect(range(s, order, 'd').ids).toEqual(['b', 'c', 'd'])
    expect(range(s, order, 'a').ids).toEqual(['a', 'b'])
    s = toggle(toggle(emptySelection(), 'e'), 'b') // e selected, anchor b
    expect(range(s, order, 'c').ids).toEqual(['b', 'c'])
    expect(range(s, order, 'c', true).ids).toEqual(['e', 'b', 'c'])
    // no anchor: the row alone
    expect(clickRow(emptySelection(), order, 'c', { ...plain, shiftKey: true })).toEqual({ ids: ['c'], anchor: 'c' })
  })

  it('Shift+arrows extend from the cursor and shrink back', () => {
    let s = extend(emptySelection(), order, 1, 2)
    expect(s).toEqual({ ids: ['b', 'c'], anchor: 'b' })
    s = extend(s, order, 2, 3)
    expect(s.ids).toEqual(['b', 'c', 'd'])
    s = extend(s, order, 3, 2)
    expect(s.ids).toEqual(['b', 'c'])
    s = extend(s, order, 1, 0)
    expect(s.ids).toEqual(['a', 'b'])
  })

  it('keys: Space toggles, Ctrl+A selects all shown, Esc clears, not while typing', () => {
    const k = (key: string, mods = {}) => ({ ...plain, key, ...mods })
    expect(selectionKey(emptySelection(), order, 2, k(' '), false)!.sel.ids).toEqual(['c'])
    expect(selectionKey(emptySelection(), order, 2, k(' '), true)).toBeNull()
    expect(selectionKey(emptySelection(), order, 0, k('a', { ctrlKey: true }), false)!.sel.ids).toEqual(order)
    expect(selectionKey(emptySelection(), order, 0, k('a', { ctrlKey: true }), true)).toBeNull()
    expect(selectionKey(selectAll(order), order, 0, k('Escape'), false)!.sel.ids).toEqual([])
    expect(selectionKey(emptySelection(), order, 0, k('Escape'), false)).toBeNull() // Esc goes on to the window
    const r = selectionKey(emptySelection(), order, 4, k('ArrowDown', { shiftKey: true }), true)!
    expect(r.move).toBe(4) // the last row: nowhere further
    expect(r.sel.ids).toEqual(['e'])
    expect(selectionKey(emptySelection(), order, 1, k('ArrowDown'), false)).toBeNull()
  })

  it('a focused field, button or link keeps its own Space and Ctrl+A', () => {
    const el = (tagName: string, role: string | null = null, isContentEditable = false) => ({ tagName, isContentEditable, getAttribute: () => role }) as unknown as EventTarget
    expect(ownsKeys(el('INPUT'))).toBe(true)
    expect(ownsKeys(el('BUTTON'))).toBe(true)
    expect(ownsKeys(el('A'))).toBe(true)
    expect(ownsKeys(el('DIV', 'button'))).toBe(true)
    expect(ownsKeys(el('DIV', null, true))).toBe(true)
    expect(ownsKeys(el('BODY'))).toBe(false)
    expect(ownsKeys(el('TD'))).toBe(false)
    expect(ownsKeys(null)).toBe(false)
  })

  it('prune drops deleted documents', () => {
    const s = { ids: ['a', 'c', 'e'], anchor: 'c' }
    expect(prune(s, ['a', 'b', 'e'])).toEqual({ ids: ['a', 'e'], anchor: null })
    expect(prune(s, order)).toBe(s)
  })
})

describe('last checked', () => {
  const now = new Date('2026-12-02T14:00:00Z')
  it('says how long ago, then the date, with the exact UTC time', () => {
    expect(checkedLabel('2026-12-02T13:59:30Z', now)).toEqual({ text: 'checked just now', title: 'Last checked for updates 2026-12-02 13:59 UTC' })
    expect(checkedLabel('2026-12-02T13:55:00Z', now)!.text).toBe('checked 5 min ago')
    expect(checkedLabel('2026-12-02T11:00:00Z', now)!.text).toBe('checked 3 h ago')
    expect(checkedLabel('2026-11-30T14:00:00Z', now)!.text).toBe('checked 2 d ago')
    expect(checkedLabel('2026-10-01T08:00:00Z', now)!.text).toBe('checked 2026-10-01')
    expect(checkedLabel('', now)).toBeNull()
    expect(checkedLabel('not a time', now)).toBeNull()
  })
})
