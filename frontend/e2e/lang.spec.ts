import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, app } from './fixtures'

// Issue 20: Thai is written without spaces between words. A word in the middle of a run is found by the
// library search and by Ctrl+F, its hit shows exactly that word, and opening it selects (highlights) it
// in the Reader; the import recorded the language (th) and the Reader counts the article in characters.
test('a Thai word inside an unspaced run is found and highlighted in the Reader', async ({ page }) => {
  const stamp = Date.now().toString(36)
  // "Heavy rain fell today in Bangkok and its surroundings." / "The Meteorological Department warned that
  // flash floods may occur in many provinces; people should follow the news closely."
  const body = ['วันนี้ฝนตกหนักในกรุงเทพมหานครและปริมณฑล', 'กรมอุตุนิยมวิทยาเตือนว่าอาจเกิดน้ำท่วมฉับพลันในหลายจังหวัด ประชาชนควรติดตามข่าวสารอย่างใกล้ชิด']
  const file = join(mkdtempSync(join(tmpdir(), 'gloss-thai-')), `thai-${stamp}.txt`)
  writeFileSync(file, `${body.join('\n\n')}\n`)
  await page.goto('/')
  const report = await app(page).call<{ items: { id?: string; status: string }[] }>('ImportPaths', [file])
  const id = report.items[0].id
  const doc = (await app(page).call<{ id: string; title: string; meta?: { language?: string } }[]>('Documents')).find((d) => d.id === id)!
  expect(doc.title).toBe(`thai-${stamp}`) // a .txt is titled by its file name
  expect(doc.meta?.language).toBe('th')
  await page.reload()

  // "อุตุนิยม" (meteorology) sits inside the run "กรมอุตุนิยมวิทยาเตือนว่าอาจเกิด…"
  await page.keyboard.press('Control+Shift+F')
  const box = page.getByLabel('Search the library')
  await box.fill('อุตุนิยม')
  await box.press('Enter')
  const result = page.locator('.results > li', { has: page.locator('h2', { hasText: doc.title }) })
  await expect(result).toHaveCount(1)
  const hit = result.locator('.kwic', { has: page.locator('b', { hasText: 'อุตุนิยม' }) }).first()
  await expect(hit.locator('b')).toHaveText('อุตุนิยม') // the hit is the word, not its whole run
  await expect(hit).toContainText('กรมอุตุนิยมวิทยาเตือน') // quoted with its neighbours, no space put in

  // characters that meet only across a space are no word: nothing found, with a hint
  await box.fill('หวัดประชา')
  await box.press('Enter')
  await expect(page.locator('.results > li.empty')).toContainText('Nothing found')
  await box.fill('อุตุนิยม')
  await box.press('Enter')

  // opening the hit shows the article with exactly that word selected, on screen
  await page.locator('.results > li', { has: page.locator('h2', { hasText: doc.title }) }).locator('.kwic').first().click()
  await expect(page.locator('article')).toContainText(body[1])
  await expect.poll(() => page.evaluate(() => getSelection()!.toString())).toBe('อุตุนิยม')
  const shown = await page.evaluate(() => {
    const r = getSelection()!.getRangeAt(0).getBoundingClientRect()
    return { width: r.width, top: r.top, inArticle: !!document.querySelector('article')?.contains(getSelection()!.anchorNode) }
  })
  expect(shown.inArticle).toBe(true)
  expect(shown.width).toBeGreaterThan(10)
  expect(shown.top).toBeGreaterThanOrEqual(0)
  expect(shown.top).toBeLessThan(page.viewportSize()!.height)

  // the Reader header: the language as detected, the length in characters (letters and digits: the
  // vowel signs and tone marks written on a letter are not counted)
  await expect(page.getByLabel('Document language (for example de, ar, zh)')).toHaveValue('th')
  const letters = body.join('').match(/[\p{L}\p{N}]/gu)!.length
  await expect(page.locator('header').getByText(/^[\d,]+ characters$/)).toHaveText(`${letters.toLocaleString()} characters`)

  // Ctrl+F finds "น้ำท่วม" (flood) inside its run and selects it
  await page.keyboard.press('Control+f')
  const find = page.getByLabel('Find in this article')
  await find.fill('น้ำท่วม')
  await find.press('Enter')
  await expect(page.locator('.findcount')).toHaveText('1 of 1')
  await find.press('Escape')
  expect(await page.evaluate(() => getSelection()!.toString())).toBe('น้ำท่วม')
  await app(page).call('DeleteDocument', doc.id)
})
