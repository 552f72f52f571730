import { afterEach, describe, expect, it } from 'vitest'
import type { ListedAnnotation } from '../lib/api'
import { ReaderState } from './state.svelte'
import { PAGE } from './model'

// A document of 700 annotations behind a stubbed backend (the bindings lib/api.ts calls).
const all: ListedAnnotation[] = Array.from({ length: 700 }, (_, i) => ({ id: `a${i}`, start: i * 10, end: i * 10 + 5, exact: '', tags: [], note: '', author: '' }))
const calls: string[] = []
function backend() {
  calls.length = 0
  ;(window as any).go = {
    app: {
      App: {
        Open: async (id: string) => (calls.push(`Open ${id}`), {
          doc: { id, title: 'T', date: '', version: 1 }, blocks: [{ start: 0, end: 7000, html: '<p>x</p>' }],
          annotations: [], annotationCount: all.length, virtual: false,
        }),
        ReaderAnnotations: async (_: string, offset: number, limit: number) =>
          (calls.push(`ReaderAnnotations ${offset} ${limit}`), { annotations: all.slice(offset, offset + limit), total: all.length }),
        ReaderAuthors: async () => (calls.push('ReaderAuthors'), [{ name: 'Ana', count: 700 }]),
      },
    },
  }
}
afterEach(() => delete (window as any).go)

describe('ReaderState', () => {
  it('loads the text first and the side panel after the paint, then pages on demand', async () => {
    backend()
    const doc = new ReaderState('d1')
    await doc.load(true)
    expect(doc.reading?.doc.id).toBe('d1')
    expect(doc.total).toBe(700)
    expect(doc.annotations).toHaveLength(0)
    expect(calls).toEqual(['Open d1']) // nothing else competes with the first paint
    window.dispatchEvent(new CustomEvent('gloss:painted', { detail: 'reader' }))
    await new Promise((r) => setTimeout(r, 80))
    expect(calls).toEqual(['Open d1', `ReaderAnnotations 0 ${PAGE}`, 'ReaderAuthors'])
    expect(doc.annotations).toHaveLength(PAGE)
    expect(doc.authors).toEqual([{ name: 'Ana', count: 700 }])
    await doc.moreAnnotations()
    expect(doc.shown).toBe(2 * PAGE)
    expect(doc.annotations.map((a) => a.id).slice(PAGE - 1, PAGE + 1)).toEqual([`a${PAGE - 1}`, `a${PAGE}`])
    expect(doc.known('a250')?.start).toBe(2500)
  })

  it('a reload keeps as many entries as were shown, and a new annotation waits for the list to be complete', async () => {
    backend()
    const doc = new ReaderState('d1')
    await doc.load(true)
    doc.annotations = all.slice(0, 400)
    doc.shown = 400
    await doc.load(false)
    await new Promise((r) => setTimeout(r, 10))
    expect(calls.at(-2)).toBe('ReaderAnnotations 0 400')
    expect(doc.annotations).toHaveLength(400)
    doc.applyChange({ annotation: { ...all[0], id: 'new', start: 1 } as any, blocks: [{ start: 0, end: 7000, html: '<p>y</p>' }] })
    expect(doc.annotations.some((a) => a.id === 'new')).toBe(false) // 400 of 700 loaded
    expect(doc.blocks[0].html).toBe('<p>y</p>')
  })
})
