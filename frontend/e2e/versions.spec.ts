import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, dragSelect, seedId, app } from './fixtures'

test('a new version re-anchors; the review queue shows the orphan; re-attach it by selecting text', async ({ page }) => {
  await page.goto('/')
  // its own copy of seed 003 (a retry, or the next run, must find the original text again)
  const stamp = Date.now().toString(36)
  const original = readFileSync('../corpus/seeds/003_aced0b21d59dbed2.txt', 'utf8')
  const copy = join(mkdtempSync(join(tmpdir(), 'gloss-v-')), `fbi-${stamp}.txt`)
  writeFileSync(copy, original.replace(/^[^\n]*/, (title) => `${title} ${stamp}`))
  const imported = await app(page).call<{ items: { id: string; status: string }[] }>('ImportPaths', [copy])
  const id = imported.items[0].id
  expect(id, JSON.stringify(imported)).toBeTruthy()
  try {
    await page.reload()
    const find = async (q: string) => (await app(page).call<{ start: number; end: number }[]>('FindInDocument', id, `"${q}"`))[0]
    // one passage that survives and one whose sentence the correction deletes
    const kept = await find('trove of e-mails released Wednesday')
    const gone = await find('frustrating and embarrassing')
    await app(page).call('Annotate', id, kept.start, kept.end, [], 'kept')
    const orphan = await app(page).call<{ annotation: { id: string } }>('Annotate', id, gone.start, gone.end, [], 'will be orphaned')

    const sentence = original.split('\n').find((l) => l.includes('frustrating and embarrassing'))!
    const corrected = original.replace(sentence, 'Hennessey declined to comment further.').replace('A trove of', 'A large trove of')
    const file = join(mkdtempSync(join(tmpdir(), 'gloss-v-')), 'corrected.txt')
    writeFileSync(file, corrected)

    await page.locator(`tr[data-id="${id}"]`).click()
    await page.evaluate(([id, file]) => {
      const a = (window as any).go.app.App
      a.NewVersionDialog = () => (window as any).go.app.DevApp.ImportNewVersionFrom(id, file) // the dialog's choice
    }, [id, file])
    await page.getByRole('button', { name: 'Replace with new version…' }).click()
    await expect(page.locator('.toast')).toContainText('Version 2')
    await expect(page.locator('.toast')).toContainText('1 orphaned')
    await expect(page.getByLabel('Version')).toBeVisible()
    await expect(page.locator('article mark', { hasText: 'trove of e-mails released Wednesday' })).toHaveCount(1)
    const anns = await app(page).call<{ id: string; anchor: { status: string; version: number } }[]>('Annotations', { doc: id })
    const byId = new Map(anns.map((a) => [a.id, a]))
    expect(byId.get(orphan.annotation.id)!.anchor).toMatchObject({ status: 'orphan', version: 1 })

    // the review queue: old context, not found now; re-attach by selecting new text
    await page.getByRole('button', { name: 'Review', exact: true }).click()
    const item = page.locator('section.item', { hasText: 'frustrating and embarrassing' })
    await expect(item).toContainText('Not found in the current version')
    await item.getByRole('button', { name: 'Show changes' }).click()
    await expect(page.getByLabel('Changes between versions').locator('del')).not.toHaveCount(0)
    await item.getByRole('button', { name: 'Re-attach by selecting text…' }).click()
    await expect(page.locator('.banner')).toContainText('Select the passage')
    await dragSelect(page, 'Hennessey declined to comment further', { consumed: true })
    await expect(page.locator('.toast')).toContainText('re-attached')
    const after = await app(page).call<{ id: string; exact: string; anchor: { status: string; version: number } }>('Annotation', orphan.annotation.id)
    expect(after.exact).toBe('Hennessey declined to comment further')
    expect(after.anchor).toMatchObject({ status: 'exact', version: 2 })
    await page.getByRole('button', { name: 'Review', exact: true }).click()
    await expect(page.locator('section.item', { hasText: 'frustrating and embarrassing' })).toHaveCount(0)
    // the old version stays readable
    await page.getByRole('button', { name: 'Library', exact: true }).click()
    await page.locator(`tr[data-id="${id}"]`).click()
    await page.getByLabel('Version').selectOption('1')
    await expect(page.locator('article')).toContainText('frustrating and embarrassing')
    // with its annotations as they were on it, in the text and in the side panel
    await expect(page.locator('article mark', { hasText: 'frustrating and embarrassing' })).toHaveCount(1)
    const panel = page.getByLabel('Annotations of this document')
    await expect(panel).toContainText('will be orphaned')
    await expect(panel).toContainText('kept')
  } finally {
    await app(page).call('DeleteDocument', id) // the shared library as it was
  }
})

test('this passage also appears in other articles', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '002')
  await page.locator(`tr[data-id="${id}"]`).click()
  await dragSelect(page, 'pimple on the face of this program')
  const dialog = page.getByRole('dialog', { name: 'New annotation' })
  await dialog.getByRole('button', { name: 'Does this passage appear elsewhere?' }).click()
  const list = page.getByLabel('This passage also appears in')
  await expect(list.locator('li')).not.toHaveCount(0)
  await expect(list).toContainText('Kamala Ran S.F. Program')
})

test('importing a changed file from the same path offers a new version', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const file = join(mkdtempSync(join(tmpdir(), 'gloss-re-')), `story-${stamp}.txt`)
  writeFileSync(file, `Harbour plan ${stamp}\n\nThe council approved the harbour plan on Monday. Critics said the costs were hidden.\n`)
  await page.goto('/')
  await page.evaluate((file) => {
    const a = (window as any).go.app.App
    a.ImportDialog = () => (window as any).go.app.DevApp.ImportPaths([file])
  }, file)
  await page.getByRole('button', { name: 'Import…' }).click()
  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toContainText('1 imported')
  await report.getByRole('button', { name: 'Close' }).click()
  writeFileSync(file, `Harbour plan ${stamp}\n\nThe council approved the harbour plan on Tuesday. Critics said the costs were hidden.\n`)
  await page.getByRole('button', { name: 'Import…' }).click()
  await expect(report).toContainText('new version?')
  await report.getByRole('button', { name: /Import as new version of/ }).click()
  await expect(page.locator('.toast')).toContainText('is now version 2')
  await expect(page.locator('td.title', { hasText: `Harbour plan ${stamp}` })).toHaveCount(1)
})
