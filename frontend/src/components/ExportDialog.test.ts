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
        // The shape of app.ExportFormats (export.Formats); the dialog lists whatever Go sends.
        ExportFormats: async () => [
          { name: 'md', ext: '.md', description: 'Markdown (Obsidian)', bom: false, perDocument: true, perAnnotation: true },
          { name: 'csv', ext: '.csv', description: 'CSV (spreadsheets)', bom: true, perDocument: false },
          { name: 'qdc', ext: '.qdc', description: 'REFI-QDA codebook (.qdc)', bom: false, perDocument: false },
        ],
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
      { format: 'csv', docIds: [], tagId: '', authors: [], excludeAuthors: ['Bo'], bom: false, perDocument: false, perAnnotation: false },
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

  it('lists the formats Go serves, with only the options each offers', async () => {
    const exportDialog = stubGo()
    render(ExportDialog, { filter: { doc: '', tag: '', author: '' }, onclose: () => {} })
    await screen.findByLabelText('Include Bo')
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['md', 'csv', 'qdc'])
    await fireEvent.click(screen.getByLabelText('One file per document'))
    expect(screen.queryByLabelText('Start with a BOM', { exact: false })).toBeNull()
    await fireEvent.click(screen.getByLabelText('CSV (spreadsheets)'))
    expect(screen.queryByLabelText('One file per document')).toBeNull()
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }))
    await waitFor(() => expect(exportDialog).toHaveBeenCalledOnce())
    // The per-document tick made under Markdown is not sent with CSV.
    expect(exportDialog.mock.calls[0][0]).toMatchObject({ format: 'csv', bom: false, perDocument: false })
  })

  it('offers one Obsidian note per annotation for Markdown, exclusive of one file per document', async () => {
    const exportDialog = stubGo()
    render(ExportDialog, { filter: { doc: '', tag: '', author: '' }, onclose: () => {} })
    await screen.findByLabelText('Include Bo')
    await fireEvent.click(screen.getByLabelText('One file per document'))
    await fireEvent.click(screen.getByLabelText('One note per annotation (Obsidian)'))
    expect((screen.getByLabelText('One file per document') as HTMLInputElement).checked).toBe(false)
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }))
    await waitFor(() => expect(exportDialog).toHaveBeenCalledOnce())
    expect(exportDialog.mock.calls[0][0]).toMatchObject({ format: 'md', perDocument: false, perAnnotation: true })
  })
})
