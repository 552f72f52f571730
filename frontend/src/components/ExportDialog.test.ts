import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import ExportDialog from './ExportDialog.svelte'

// The bound Go methods the dialog calls, stubbed.
function stubGo() {
  const exportDialog = vi.fn(async (_req: unknown) => '/tmp/out.csv')
  ;(window as any).go = {
    app: {
      App: {
        Authors: async () => [
          { name: 'Ann', annotations: 3 },
          { name: 'Bo', annotations: 2 },
          { name: 'Cy', annotations: 1 },
        ],
        ExportDialog: exportDialog,
      },
    },
  }
  return exportDialog
}

afterEach(() => {
  cleanup()
  delete (window as any).go
})

describe('ExportDialog', () => {
  it('includes or excludes each author', async () => {
    const exportDialog = stubGo()
    render(ExportDialog, { filter: { doc: '', tag: '', author: '' }, onclose: () => {} })
    const bo = await screen.findByLabelText('Include Bo')
    expect((bo as HTMLInputElement).checked).toBe(true)
    await fireEvent.click(screen.getByLabelText('CSV (spreadsheets)', { exact: false }))
    await fireEvent.click(bo)
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }))
    await waitFor(() => expect(exportDialog).toHaveBeenCalledOnce())
    expect(exportDialog.mock.calls[0]).toEqual([
      { format: 'csv', docIds: [], tagId: '', authors: [], excludeAuthors: ['Bo'], bom: false, perDocument: false },
    ])
  })

  it('starts from the author the view is filtered by, and needs someone ticked', async () => {
    const exportDialog = stubGo()
    render(ExportDialog, { filter: { doc: 'd1', tag: '', author: 'Cy' }, onclose: () => {} })
    const cy = (await screen.findByLabelText('Include Cy')) as HTMLInputElement
    expect(cy.checked).toBe(true)
    expect((screen.getByLabelText('Include Ann') as HTMLInputElement).checked).toBe(false)
    await fireEvent.click(cy)
    expect((screen.getByRole('button', { name: 'Export…' }) as HTMLButtonElement).disabled).toBe(true)
    await fireEvent.click(cy)
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }))
    await waitFor(() => expect(exportDialog).toHaveBeenCalledOnce())
    expect(exportDialog.mock.calls[0][0]).toMatchObject({ format: 'md', docIds: ['d1'], excludeAuthors: ['Ann', 'Bo'] })
  })
})
