import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, app, seedId } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-coders-'))

// Recolours a tag in a Gloss JSON-LD export, so the merge meets a tag conflict.
function recolour(v: any, name: string, colour: string) {
  if (Array.isArray(v)) v.forEach((x) => recolour(x, name, colour))
  else if (v && typeof v === 'object') {
    if (Array.isArray(v['gloss:tags'])) for (const t of v['gloss:tags']) if (t.name === name) t.colour = colour
    Object.values(v).forEach((x) => recolour(x, name, colour))
  }
}

test('merge a second coder’s file, compare and resolve a disagreement', async ({ page }) => {
  await page.goto('/')
  const stamp = Date.now().toString(36)
  const tagName = `Frame ${stamp}`
  const a = app(page)
  const doc = await seedId(page, '003')
  const me = await a.call<string>('Author')
  const tag = await a.call<{ id: string }>('CreateTag', tagName, '')
  const hits = await a.call<{ start: number; end: number }[]>('FindInDocument', doc, 'program')
  expect(hits.length).toBeGreaterThan(1)
  await a.call('Annotate', doc, hits[0].start, hits[0].end, [tag.id], '')

  // A second coder's file: Coder B tags both passages, exports, and their annotations leave this library.
  await a.call('SetAuthor', 'Coder B')
  const b1 = await a.call<{ annotation: { id: string } }>('Annotate', doc, hits[0].start, hits[0].end, [tag.id], '')
  const b2 = await a.call<{ annotation: { id: string } }>('Annotate', doc, hits[1].start, hits[1].end, [tag.id], 'B thinks so')
  const file = join(dir, `coder-b-${stamp}.jsonld`)
  await a.call('ExportTo', { format: 'jsonld', authors: ['Coder B'] }, file)
  await a.call('DeleteAnnotation', b1.annotation.id)
  await a.call('DeleteAnnotation', b2.annotation.id)
  await a.call('SetAuthor', me)
  const json = JSON.parse(readFileSync(file, 'utf8'))
  recolour(json, tagName, '#123456')
  writeFileSync(file, JSON.stringify(json))

  await page.evaluate((file) => {
    const g = (window as any).go.app.App
    g.MergeDialog = () => (window as any).go.app.DevApp.MergeFile(file)
  }, file)
  await page.locator('nav.tabs').getByRole('button', { name: 'Coders' }).click()
  await page.getByRole('button', { name: 'Merge from file…' }).click()
  const preview = page.getByRole('region', { name: 'Merge preview' })
  await expect(preview).toContainText('2 annotations to add by Coder B')
  // The recoloured tag is a conflict; ours is kept unless mapped otherwise.
  await expect(preview.getByRole('combobox', { name: `Map ${tagName}` })).toHaveValue(tag.id)
  await preview.getByRole('button', { name: 'Merge', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Merged' }).first()).toContainText('2 annotations added')

  // Merging the same file again adds nothing.
  await page.getByRole('button', { name: 'Merge from file…' }).click()
  await expect(preview).toContainText('0 annotations to add')
  await preview.getByRole('button', { name: 'Cancel' }).click()

  await page.getByRole('combobox', { name: 'Agreement for tag' }).selectOption({ label: tagName })
  await expect(page.getByRole('table', { name: 'Agreement per tag' })).toContainText(tagName)
  const disagreements = page.getByRole('region', { name: 'Disagreements' })
  await expect(disagreements.locator('article')).toHaveCount(1)
  await expect(disagreements.locator('article')).toContainText('program')
  await disagreements.getByRole('button', { name: 'Accept Coder B: copy as mine' }).click()
  await expect(disagreements).toContainText('No disagreements')
  await expect(page.locator('.overall')).toContainText('κ 1.000')

  const mine = await a.call<{ start: number; author: string }[]>('Annotations', { doc, tag: tag.id, author: me })
  expect(mine.map((x) => x.start).sort((x, y) => x - y)).toEqual([hits[0].start, hits[1].start])
  const theirs = await a.call<{ id: string; author: string; note: string }[]>('Annotations', { doc, tag: tag.id, author: 'Coder B' })
  expect(theirs).toHaveLength(2)

  // One of theirs deleted here stays deleted when the same file is merged again.
  await a.call('DeleteAnnotation', theirs[0].id)
  await page.getByRole('button', { name: 'Merge from file…' }).click()
  await expect(preview).toContainText('0 annotations to add')
  await expect(preview).toContainText('1 merged before and deleted here since stay deleted')
  await preview.getByRole('button', { name: 'Merge', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Merged' }).first()).toContainText('0 annotations added, 1 already there, 1 deleted here left out')
  expect(await a.call<unknown[]>('Annotations', { doc, tag: tag.id, author: 'Coder B' })).toHaveLength(1)
})

// Two coders on one document and one tag: each tagged a passage the other did not, so two disagreements.
async function twoCoders(page: import('@playwright/test').Page, other: string) {
  const stamp = Date.now().toString(36)
  const tagName = `Kept ${stamp}`
  const a = app(page)
  const doc = await seedId(page, '003')
  const me = await a.call<string>('Author')
  const tag = await a.call<{ id: string }>('CreateTag', tagName, '')
  const hits = await a.call<{ start: number; end: number }[]>('FindInDocument', doc, 'program')
  await a.call('Annotate', doc, hits[0].start, hits[0].end, [tag.id], '')
  await a.call('SetAuthor', other)
  await a.call('Annotate', doc, hits[1].start, hits[1].end, [tag.id], '')
  await a.call('SetAuthor', me)
  return { doc, tag, tagName, me }
}

// Remove what a test's second coder made, so the other tests sharing this library do not see them.
async function forget(page: import('@playwright/test').Page, author: string) {
  for (const x of await app(page).call<{ id: string }[]>('Annotations', { author })) await app(page).call('DeleteAnnotation', x.id)
}

test('keep both is stored: it survives a reload and can be shown and reopened', async ({ page }) => {
  await page.goto('/')
  const other = `Coder K ${Date.now().toString(36)}`
  const { tagName } = await twoCoders(page, other)
  const openCoders = async () => {
    await page.locator('nav.tabs').getByRole('button', { name: 'Coders' }).click()
    await page.getByRole('combobox', { name: 'Agreement for tag' }).selectOption({ label: tagName })
  }
  await openCoders()
  const disagreements = page.getByRole('region', { name: 'Disagreements' })
  await expect(disagreements.locator('article')).toHaveCount(2)
  await disagreements.locator('article').first().getByRole('button', { name: 'Keep both' }).click()
  await expect(disagreements.locator('article')).toHaveCount(1)
  await expect(disagreements.getByRole('heading')).toContainText('1 open · 1 kept as both')

  await page.reload()
  await openCoders()
  await expect(disagreements.getByRole('heading')).toContainText('1 open · 1 kept as both')
  await expect(disagreements.locator('article')).toHaveCount(1)
  await disagreements.getByLabel('Show the ones kept as both').check()
  await expect(disagreements.locator('article')).toHaveCount(2)
  const kept = disagreements.locator('article.resolved')
  await expect(kept).toContainText('Both versions kept')
  await kept.getByRole('button', { name: 'Reopen' }).click()
  await expect(disagreements.locator('article.resolved')).toHaveCount(0)
  await expect(disagreements.getByRole('heading')).toContainText('2 open')
  // Ctrl+Z undoes the reopening: kept as both again.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('Control+z')
  await expect(disagreements.locator('article.resolved')).toHaveCount(1)
  await forget(page, other)
})

test('the author filter narrows the Library, and the Tags view counts their uses', async ({ page }) => {
  await page.goto('/')
  const other = `Library Coder ${Date.now().toString(36)}`
  const { doc, tagName } = await twoCoders(page, other)
  await page.reload()
  const total = await page.locator('tbody tr').count()
  expect(total).toBeGreaterThan(1)
  await page.getByLabel('Show documents annotated by').selectOption(other)
  await expect(page.locator('tbody tr')).toHaveCount(1)
  await expect(page.locator(`tr[data-id="${doc}"] td.numeric`).last()).toHaveText('1')
  await expect(page.locator('.count')).toContainText(`1 of 1 annotated by ${other}`)
  await expect(page.getByRole('button', { name: `By ${other}` })).toBeVisible()

  // The choice holds in the other views.
  await page.locator('nav.tabs').getByRole('button', { name: 'Tags' }).click()
  await expect(page.getByLabel('Count uses by author')).toHaveValue(other)
  await expect(page.locator(`tr[data-tag="${tagName}"] td.uses`)).toHaveText('1')
  await page.getByLabel('Count uses by author').selectOption('')
  await expect(page.locator(`tr[data-tag="${tagName}"] td.uses`)).toHaveText('2')
  await page.locator('nav.tabs').getByRole('button', { name: 'Library' }).click()
  await expect(page.locator('tbody tr')).toHaveCount(total)
  await forget(page, other)
})

test('export leaves out an excluded author', async ({ page }) => {
  await page.goto('/')
  const stamp = Date.now().toString(36)
  const other = `Export Coder ${stamp}`
  const a = app(page)
  const doc = await seedId(page, '002')
  const me = await a.call<string>('Author')
  const hits = await a.call<{ start: number; end: number }[]>('FindInDocument', doc, 'program')
  await a.call('Annotate', doc, hits[0].start, hits[0].end, [], `mine ${stamp}`)
  await a.call('SetAuthor', other)
  await a.call('Annotate', doc, hits[0].start, hits[0].end, [], `theirs ${stamp}`)
  await a.call('SetAuthor', me)
  const out = join(dir, `excluded-${stamp}.csv`)
  await page.evaluate((out) => {
    const g = (window as any).go.app.App
    g.ExportDialog = async (req: unknown) => (await (window as any).go.app.DevApp.ExportTo(req, out), out)
  }, out)
  await page.locator('nav.tabs').getByRole('button', { name: 'Annotations' }).click()
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export annotations' })
  await dialog.locator('input[name="format"][value="csv"]').check()
  await expect(dialog.getByLabel(`Include ${other}`)).toBeChecked()
  await dialog.getByLabel(`Include ${other}`).uncheck()
  await dialog.getByRole('button', { name: 'Export…' }).click()
  await expect(page.locator('.toast')).toContainText('Exported to')
  const csv = readFileSync(out, 'utf8')
  expect(csv).toContain(`mine ${stamp}`)
  expect(csv).not.toContain(`theirs ${stamp}`)
  expect(csv).not.toContain(other)
  await forget(page, other)
})
