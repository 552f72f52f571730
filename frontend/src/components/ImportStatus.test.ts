import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte'
import ImportStatus from './ImportStatus.svelte'
import { toasts } from '../lib/toast.svelte'

afterEach(() => {
  cleanup()
  delete (window as unknown as { go?: unknown }).go
})

describe('ImportStatus', () => {
  it('lists a file imported with a warning, and not one imported without', () => {
    render(ImportStatus, {
      props: {
        running: false,
        onclose: () => {},
        report: {
          items: [
            { file: 'good.pdf', status: 'imported', id: 'a', title: 'Good' },
            { file: 'mixed.pdf', status: 'imported', id: 'b', title: 'Mixed', reason: 'pages 3, 5 have no usable text layer (Gloss does not do OCR): a line in the text stands for each' },
          ],
        },
      },
    })
    const list = screen.getByRole('dialog', { name: 'Import report' })
    expect(list.textContent).toContain('2 imported')
    expect(list.textContent).toContain('mixed.pdf: pages 3, 5 have no usable text layer')
    expect(list.textContent).not.toContain('good.pdf')
  })

  it("says what a new version's file warns of (a PDF's pages without text)", async () => {
    const calls: unknown[][] = []
    ;(window as unknown as { go: unknown }).go = {
      app: {
        App: {
          ImportNewVersion: async (...args: unknown[]) => {
            calls.push(args)
            return { doc: 'b', title: 'Mixed', file: 'mixed.pdf', from: 1, to: 2, exact: 3, moved: 0, fuzzy: 1, orphan: 0, review: [], warning: 'page 5 has no usable text layer (Gloss does not do OCR): a line in the text stands for each' }
          },
          Tags: async () => [], // changed() reloads the tags
        },
      },
    }
    render(ImportStatus, {
      props: {
        running: false,
        onclose: () => {},
        report: { items: [{ file: '/tmp/mixed.pdf', status: 'new-version', id: 'b', title: 'Mixed', reason: 'changed since it was imported' }] },
      },
    })
    await fireEvent.click(screen.getByRole('button', { name: 'Import as new version of “Mixed”' }))
    await new Promise((r) => setTimeout(r, 0))
    expect(calls).toEqual([['b', '/tmp/mixed.pdf']])
    expect(toasts.text).toBe('“Mixed” is now version 2: 3 placed, 1 to check, 0 orphaned; page 5 has no usable text layer (Gloss does not do OCR): a line in the text stands for each')
  })
})
