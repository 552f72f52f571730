import { test, expect, seedId, app } from './fixtures'

test('global search: phrase, date filter, open a hit, tag all hits, undo', async ({ page }) => {
  await page.goto('/')
  await page.keyboard.press('Control+Shift+F')
  const box = page.getByLabel('Search the library')
  await expect(box).toBeFocused()
  await box.fill('"pimple on the face"')
  await box.press('Enter')
  const results = page.locator('.results > li')
  await expect(results).toHaveCount(2)
  await expect(page.locator('.kwic b', { hasText: /pimple on the face/i })).toHaveCount(3)
  // the date filter keeps the dated article only
  await page.getByLabel('From date').fill('2024-07-26')
  await page.getByLabel('From date').dispatchEvent('change')
  await expect(results).toHaveCount(1)
  await page.getByLabel('From date').fill('')
  await page.getByLabel('From date').dispatchEvent('change')
  await expect(results).toHaveCount(2)

  // tag all hits: preview count first, one undo reverts all
  const tag = `Quote ${Date.now().toString(36)}`
  const tagId = (await app(page).call<{ id: string }>('CreateTag', tag, '')).id
  await page.reload()
  await page.keyboard.press('Control+Shift+F')
  await page.getByLabel('Search the library').fill('"pimple on the face"')
  await page.getByLabel('Search the library').press('Enter')
  await page.getByLabel('Tag for all hits').selectOption(tagId)
  await page.getByRole('button', { name: 'Preview…' }).click()
  await expect(page.locator('.tagall')).toContainText('3 passages will be tagged')
  await page.getByRole('button', { name: 'Tag 3' }).click()
  await expect(page.locator('.toast')).toContainText('Tagged 3 passages')
  const tagged = await app(page).call<{ exact: string }[]>('Annotations', { tag: tagId })
  expect(tagged.map((a) => a.exact.toLowerCase())).toEqual(Array(3).fill('pimple on the face'))
  await page.locator('main').click({ position: { x: 2, y: 2 } })
  await page.keyboard.press('Control+z')
  await expect(page.locator('.toast')).toContainText('Undone')
  expect(await app(page).call<unknown[]>('Annotations', { tag: tagId })).toHaveLength(0)

  // clicking a hit opens the reader with the hit selected
  await page.locator('.kwic', { hasText: /pimple/i }).first().click()
  await expect(page.locator('article')).toBeVisible()
  await expect.poll(() => page.evaluate(() => getSelection()!.toString().toLowerCase())).toBe('pimple on the face')
})

test('Ctrl+F finds in the article and steps with Enter', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '004')
  await page.locator(`tr[data-id="${id}"]`).click()
  await expect(page.locator('article')).toBeVisible()
  await page.keyboard.press('Control+f')
  const find = page.getByLabel('Find in this article')
  await expect(find).toBeFocused()
  await find.fill('secure communities')
  await find.press('Enter')
  await expect(page.locator('.findcount')).toHaveText(/^1 of \d+$/)
  const total = Number((await page.locator('.findcount').innerText()).split(' of ')[1])
  expect(total).toBeGreaterThan(2)
  await find.press('Enter')
  await expect(page.locator('.findcount')).toHaveText(`2 of ${total}`)
  await find.press('Shift+Enter')
  await expect(page.locator('.findcount')).toHaveText(`1 of ${total}`)
  // a found passage can be tagged right away: Escape leaves the find bar, the hit stays selected
  await find.press('Escape')
  await expect(find).toBeHidden()
  expect((await page.evaluate(() => getSelection()!.toString())).toLowerCase()).toBe('secure communities')
})
