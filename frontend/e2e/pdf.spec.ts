import { resolve } from 'node:path'
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
})
