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
    g.MergeDialog = () => g.MergeFile(file)
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
  const theirs = await a.call<{ author: string; note: string }[]>('Annotations', { doc, tag: tag.id, author: 'Coder B' })
  expect(theirs).toHaveLength(2)
})
