import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect, dragSelect, app } from './fixtures'

// A PDF from the quality set (ingest/pdf/testdata/quality): four pages, running header and page numbers.
const pdf = resolve('../ingest/pdf/testdata/quality/set/one-header-footer.pdf')

test('a PDF imports with its pages: markers in the Reader, annotations across a page break know their pages', async ({ page }) => {
  await page.goto('/')
  const report = await app(page).call<{ items: { status: string; id: string; title: string }[] }>('ImportPaths', [pdf])
  expect(report.items[0].status).toBe('imported')
  const id = report.items[0].id
  const pages = await app(page).call<{ starts: number[]; original: boolean }>('Pages', id, 0)
  expect(pages.starts).toHaveLength(4)
  expect(pages.original).toBe(true)

  await page.reload()
  await page.locator('td.title', { hasText: report.items[0].title }).click()
  await expect(page.locator('.pages-line')).toContainText('4 pages')
  await expect(page.getByRole('button', { name: 'Open the original', exact: true })).toBeVisible()
  const markers = page.locator('.page-markers .marker')
  await expect(markers).toHaveCount(3)
  await expect(markers.first()).toContainText('p. 2')
  await expect(page.getByRole('button', { name: 'Open the original at page 3' })).toBeVisible()
  // No running header and no page number in the text.
  await expect(page.locator('article')).not.toContainText('Regional Monitor')

  // The marker for page 2 sits where page 2's text starts.
  const where = await page.evaluate((at) => {
    const m = document.querySelector('.page-markers .marker[data-page="2"]') as HTMLElement
    const runs = Array.from(document.querySelectorAll<HTMLElement>('article [data-o]'))
    const run = runs.filter((r) => Number(r.dataset.o) <= at).pop()!
    return { marker: m.getBoundingClientRect().top, run: run.getBoundingClientRect().top, bottom: run.getBoundingClientRect().bottom }
  }, pages.starts[1])
  expect(where.marker).toBeGreaterThanOrEqual(where.run - 2)
  expect(where.marker).toBeLessThanOrEqual(where.bottom)

  await page.locator('.page-markers .marker[data-page="2"]').scrollIntoViewIfNeeded()
  await page.screenshot({ path: '../artifacts/e2e/pdf-page-markers.png' }) // to look at

  // Select across the break between pages 1 and 2 (this report runs a paragraph on from page 1).
  const startCp = pages.starts[1]
  const phrase = await page.evaluate((at) => {
    const runs = Array.from(document.querySelectorAll<HTMLElement>('article [data-o]'))
    const run = runs.filter((r) => Number(r.dataset.o) <= at).pop()!
    const t = [...run.textContent!]
    const i = at - Number(run.dataset.o)
    return t.slice(Math.max(0, i - 30), i + 30).join("").trim()
  }, startCp)
  await dragSelect(page, phrase)
  const popover = page.getByRole('dialog', { name: 'New annotation' })
  await expect(popover).toBeVisible()
  await popover.getByLabel('Note').fill('across the page break')
  await popover.getByLabel('Note').press('Enter')
  await expect(popover).toBeHidden()
  await expect.poll(async () => (await app(page).call<{ start: number; end: number }[]>('Annotations', { doc: id })).length).toBe(1)
  const [ann] = await app(page).call<{ start: number; end: number }[]>('Annotations', { doc: id })
  expect(ann.start).toBeLessThan(startCp)
  expect(ann.end).toBeGreaterThan(startCp)

  // The evidence pack, exported from the Annotations view, cites the pages the annotation spans.
  const out = join(mkdtempSync(join(tmpdir(), 'gloss-e2e-pdf-')), 'pack.html')
  await page.evaluate((out) => {
    const a = (window as any).go.app.App
    a.ExportDialog = async (req: unknown) => (await (window as any).go.app.DevApp.ExportTo(req, out), out)
  }, out)
  await page.locator('nav.tabs').getByRole('button', { name: 'Annotations' }).click()
  await page.getByRole('button', { name: 'Export…' }).click()
  await page.locator('input[name="format"][value="html"]').check()
  await page.getByRole('dialog', { name: 'Export annotations' }).getByRole('button', { name: 'Export…' }).click()
  await expect(page.locator('.toast')).toContainText('Exported to')
  const pack = readFileSync(out, 'utf8')
  const note = pack.indexOf('across the page break')
  expect(note).toBeGreaterThan(0)
  expect(pack.slice(note, pack.indexOf('</article>', note))).toContain('pp. 1–2')
})

test('a password-protected PDF asks for its password in the import report', async ({ page }) => {
  const locked = resolve('../ingest/pdf/testdata/made/password-secret.pdf')
  await page.goto('/')
  await page.evaluate((file) => {
    const go = (window as any).go.app
    go.App.ImportDialog = () => go.DevApp.ImportPaths([file]) // the dialog's choice
  }, locked)
  await page.getByRole('button', { name: 'Import…' }).click()
  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toContainText('password-protected')
  await report.getByLabel('Password for password-secret.pdf').fill('wrong')
  await report.getByRole('button', { name: 'Open' }).click()
  await expect(page.locator('.toast')).toContainText('the password is wrong')
  await report.getByLabel('Password for password-secret.pdf').fill('secret')
  await report.getByRole('button', { name: 'Open' }).click()
  await expect(page.locator('.toast')).toContainText('Imported “Report 1')
})
