import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/svelte'
import ImportStatus from './ImportStatus.svelte'

afterEach(() => cleanup())

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
})
