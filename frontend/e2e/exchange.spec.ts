import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, app } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-'))

test('import through the dialog path and by dropping files', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const file = join(dir, `council-${stamp}.md`)
  writeFileSync(file, `---\ntitle: Council vote ${stamp}\ndate: 2024-03-01\nsource: City Desk\n---\n\nThe council **approved** the budget.\n`)
  await page.goto('/')
  // the native dialog is GTK's; the page-side wrapper is swapped for the path it would return
  await page.evaluate((file) => {
    const a = (window as any).go.app.App
    a.ImportDialog = () => (window as any).go.app.DevApp.ImportPaths([file])
  }, file)
  await page.getByRole('button', { name: 'Import…' }).click()
  await expect(page.getByRole('dialog', { name: 'Import report' })).toContainText('1 imported')
  await expect(page.locator('td.title', { hasText: `Council vote ${stamp}` })).toHaveCount(1)
  await expect(page.locator('tr', { hasText: `Council vote ${stamp}` }).locator('td.date')).toHaveText('2024-03-01')
  await page.getByRole('dialog', { name: 'Import report' }).getByRole('button', { name: 'Close' }).click()

  // drop two files: one article, one empty file that is refused with a reason
  await page.evaluate(async (stamp) => {
    const dt = new DataTransfer()
    dt.items.add(new File([`Dropped headline ${stamp}\n\nA paragraph that was dropped on the window.`], `dropped-${stamp}.txt`, { type: 'text/plain' }))
    dt.items.add(new File([''], `empty-${stamp}.txt`, { type: 'text/plain' }))
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }))
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }))
  }, stamp)
  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toContainText('1 imported')
  await expect(report).toContainText(`empty-${stamp}.txt`)
  await expect(page.locator('td.title', { hasText: `Dropped headline ${stamp}` })).toHaveCount(1)
})

for (const format of ['md', 'csv', 'html', 'jsonld', 'qdpx', 'qdc']) {
  test(`export ${format} from the Annotations view`, async ({ page }) => {
    await page.goto('/')
    const docs = await app(page).call<{ id: string }[]>('Documents')
    const hits = await app(page).call<{ start: number; end: number }[]>('FindInDocument', docs[0].id, 'program')
    await app(page).call('Annotate', docs[0].id, hits[0].start, hits[0].end, [], `exported as ${format}`)
    const out = join(dir, `export-${format}-${Date.now()}.${format}`)
    await page.evaluate((out) => {
      const a = (window as any).go.app.App
      a.ExportDialog = async (req: unknown) => (await (window as any).go.app.DevApp.ExportTo(req, out), out)
    }, out)
    await page.locator('nav.tabs').getByRole('button', { name: 'Annotations' }).click()
    await page.getByRole('button', { name: 'Export…' }).click()
    await page.locator(`input[name="format"][value="${format}"]`).check()
    await page.getByRole('dialog', { name: 'Export annotations' }).getByRole('button', { name: 'Export…' }).click()
    await expect(page.locator('.toast')).toContainText('Exported to')
    expect(statSync(out).size).toBeGreaterThan(100)
    const head = readFileSync(out).subarray(0, 200).toString('latin1')
    const expected: Record<string, RegExp> = { md: /^---/, csv: /document/, html: /<!DOCTYPE html>/i, jsonld: /AnnotationCollection|@context/, qdpx: /^PK/, qdc: /CodeBook/ }
    expect(head).toMatch(expected[format])
    if (format === 'csv' || format === 'md' || format === 'html') expect(readFileSync(out, 'utf8')).toContain(`exported as ${format}`)
    expect(readdirSync(dir).some((f) => f.includes('.tmp'))).toBe(false)
  })
}
