import { describe, expect, it } from 'vitest'
import { choices, menuPlace } from './chooser'

describe('choices', () => {
  it('offers each highlight once, the shortest first, then in text order', () => {
    const a = { id: 'a', start: 0, end: 50 }
    const b = { id: 'b', start: 10, end: 20 }
    const c = { id: 'c', start: 5, end: 15 }
    expect(choices([a, b, c, b]).map((x) => x.id)).toEqual(['c', 'b', 'a'])
  })
})

describe('menuPlace', () => {
  const view = { width: 1000, height: 800 }
  const box = { width: 300, height: 200 }
  it('goes just below the click', () => {
    expect(menuPlace({ x: 100, y: 100 }, box, view)).toEqual({ left: 100, top: 116 })
  })
  it('goes above the click near the bottom edge', () => {
    expect(menuPlace({ x: 100, y: 700 }, box, view)).toEqual({ left: 100, top: 492 })
  })
  it('stays inside the right and top edges', () => {
    expect(menuPlace({ x: 950, y: 100 }, box, view).left).toBe(692)
    expect(menuPlace({ x: 10, y: 150 }, { width: 300, height: 790 }, view).top).toBe(8)
  })
})
