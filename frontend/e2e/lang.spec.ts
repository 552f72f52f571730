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
  expect(doc.title).toBe(body[0]) // its first line is the headline (a run of letters, not one long "word")
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
  await expect(page.locator('article')).toHaveAttribute('lang', 'th') // a screen reader speaks it as Thai
  await expect.poll(() => page.evaluate(() => getSelection()!.toString())).toBe('อุตุนิยม')
  const shown = await page.evaluate(() => {
    const r = getSelection()!.getRangeAt(0).getBoundingClientRect()
    return { width: r.width, top: r.top, inArticle: !!document.querySelector('article')?.contains(getSelection()!.anchorNode) }
  })
  expect(shown.inArticle).toBe(true)
  expect(shown.width).toBeGreaterThan(10)
  expect(shown.top).toBeGreaterThanOrEqual(0)
  expect(shown.top).toBeLessThan(page.viewportSize()!.height)

  // the Reader header: the language as detected, the length of the body under the headline in characters
  // (letters and digits: the vowel signs and tone marks written on a letter are not counted)
  await expect(page.getByLabel('Document language (for example de, ar, zh)')).toHaveValue('th')
  const letters = body[1].match(/[\p{L}\p{N}]/gu)!.length
  await expect(page.locator('header').getByText(/^[\d,]+ characters$/)).toHaveText(`${letters.toLocaleString()} characters`)

  // Ctrl+F finds "น้ำท่วม" (flood) inside its run and selects it
  await page.keyboard.press('Control+f')
  const find = page.getByLabel('Find in this article')
  await find.fill('น้ำท่วม')
  await find.press('Enter')
  await expect(page.locator('.findcount')).toHaveText('1 of 1')
  await find.press('Escape')
  expect(await page.evaluate(() => getSelection()!.toString())).toBe('น้ำท่วม')

  // a language typed in the header is the article's at once; cleared, it is detected again
  const language = page.getByLabel('Document language (for example de, ar, zh)')
  await language.fill('lo')
  await language.press('Enter')
  await expect(page.locator('article')).toHaveAttribute('lang', 'lo')
  await language.fill('')
  await language.press('Enter')
  await expect(page.locator('article')).toHaveAttribute('lang', 'th')
  await expect(language).toHaveValue('th')
  await app(page).call('DeleteDocument', doc.id)
})

// Issue 20: the searches a new user tried in the window and found nothing for. Chinese words inside an
// unspaced run, German stems, folded umlauts and ß (and the "ae" spelling), Arabic without its article and
// with its prefixes: each finds its article, and the hits are the words as written, the headline's
// included (a Chinese headline is one run of characters, and is still the title).
test('Chinese, German and Arabic searches find what a reader expects', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const dir = mkdtempSync(join(tmpdir(), 'gloss-langs-'))
  const texts: Record<string, string> = {
    zh: '北京空气质量\n\n北京市环境监测中心今天发布报告，称今年以来空气污染明显减轻。专家表示，减少燃煤和控制机动车排放是主要原因。\n',
    de: 'Mieten in der Großstadt\n\nDie Mieten in deutschen Großstädten steigen weiter. Viele Häuser sind alt, und in manchen Gebäuden fehlt eine Heizung. Wer eine Wohnung sucht, zahlt oft die Hälfte seines Einkommens für die Miete.\n',
    ar: 'خطة جديدة للمياه\n\nأعلنت وزارة المياه يوم الثلاثاء عن خطة جديدة لتحسين شبكات التوزيع في المدن الكبرى. وقال مسؤول في الوزارة إن المشروع سيستغرق ثلاث سنوات، وأكدت والوزارة أنها ستعمل مع البلديات لتقليل الهدر.\n',
  }
  const files = Object.entries(texts).map(([lang, text]) => {
    const file = join(dir, `${lang}-${stamp}.txt`)
    writeFileSync(file, text)
    return file
  })
  await page.goto('/')
  const report = await app(page).call<{ items: { id?: string; status: string }[] }>('ImportPaths', files)
  const docs = await app(page).call<{ id: string; title: string; meta?: { language?: string } }[]>('Documents')
  const byLang: Record<string, { id: string; title: string }> = {}
  for (const item of report.items) {
    const doc = docs.find((d) => d.id === item.id)!
    byLang[doc.meta?.language ?? ''] = doc
  }
  expect(Object.keys(byLang).sort()).toEqual(['ar', 'de', 'zh'])
  await page.reload()
  await page.keyboard.press('Control+Shift+F')
  const box = page.getByLabel('Search the library')
  // a result by its title exactly (other tests' articles may share words with these titles)
  const resultOf = (title: string) =>
    page.locator('.results > li').filter({ has: page.locator('h2', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`) }) })

  // each query: the article it must find, and the words its hits must show (as written in the text)
  const cases: { q: string; lang: string; hits: string[] }[] = [
    { q: '空气', lang: 'zh', hits: ['空气', '空气'] },
    { q: '北京', lang: 'zh', hits: ['北京', '北京'] },
    { q: '污染', lang: 'zh', hits: ['污染'] },
    { q: '监测', lang: 'zh', hits: ['监测'] },
    { q: 'Miete', lang: 'de', hits: ['Mieten', 'Mieten', 'Miete'] },
    { q: 'Großstadt', lang: 'de', hits: ['Großstadt', 'Großstädten'] },
    { q: 'grossstädten', lang: 'de', hits: ['Großstadt', 'Großstädten'] },
    { q: 'Hauser', lang: 'de', hits: ['Häuser'] },
    { q: 'haeuser', lang: 'de', hits: ['Häuser'] },
    { q: 'Gebaude', lang: 'de', hits: ['Gebäuden'] },
    { q: 'مياه', lang: 'ar', hits: ['للمياه', 'المياه'] },
    { q: 'وزارة', lang: 'ar', hits: ['وزارة', 'الوزارة', 'والوزارة'] },
  ]
  for (const c of cases) {
    await box.fill(c.q)
    await box.press('Enter')
    const result = resultOf(byLang[c.lang].title)
    await expect(result, c.q).toHaveCount(1)
    await expect(result.locator('.kwic b'), c.q).toHaveText(c.hits)
    for (const other of Object.keys(byLang).filter((l) => l !== c.lang)) {
      await expect(resultOf(byLang[other].title), `${c.q} in ${other}`).toHaveCount(0)
    }
  }
})
