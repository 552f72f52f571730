import { execFileSync } from 'node:child_process'
import { test, expect, seedTitles } from './fixtures'

test('the library lists the five seed articles', async ({ page }) => {
  await page.goto('/')
  // other spec files import more documents into the same library; the five seeds are always there
  const seeds = await page.evaluate(async () => (await (window as any).go.app.App.Documents()).filter((d: any) => d.seedKey))
  expect(seeds).toHaveLength(5)
  for (const t of seedTitles) await expect(page.locator('td.title', { hasText: t })).toHaveCount(1)
  for (const d of seeds) await expect(page.locator(`tr[data-id="${d.id}"]`)).toHaveCount(1)
  // no scraper metadata line became a title
  await expect(page.locator('td.title', { hasText: /^\s*date / })).toHaveCount(0)
  await expect(page.locator('.count')).toHaveText(/^(\d+) of \1$/)
})

test('the filter narrows the list and Enter opens the match', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tbody tr').first()).toBeVisible()
  const all = await page.locator('tbody tr').count()
  await page.getByLabel('Filter documents').fill('secure communities')
  await expect(page.locator('tbody tr')).toHaveCount(1)
  await expect(page.locator('.count')).toHaveText(`1 of ${all}`)
  await page.getByLabel('Filter documents').fill('no such words anywhere')
  await expect(page.locator('tbody tr')).toHaveCount(0)
  await page.getByLabel('Filter documents').fill('ICE backtracking')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Title')).toHaveValue('Records show ICE backtracking on immigration program')
  await expect(page.locator('article')).toContainText('Federal immigration officials hastily changed their opt-out policies')
})

test('columns sort', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: /^Words/ }).click()
  const words = async () =>
    (await page.locator('tbody td.numeric:nth-child(3)').allTextContents()).map((s) => Number(s.replace(/\D/g, '')))
  const desc = await words()
  expect(desc).toEqual([...desc].sort((a, b) => b - a))
  await page.getByRole('button', { name: /^Words/ }).click()
  const asc = await words()
  expect(asc).toEqual([...asc].sort((a, b) => a - b))
})

test('opening a document shows its text, Esc returns to the library', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tbody tr').first()).toBeVisible()
  const all = await page.locator('tbody tr').count()
  await page.locator('td.title', { hasText: 'Kamala Ran S.F. Program' }).click()
  await expect(page.getByLabel('Title')).toHaveValue(seedTitles[0])
  await expect(page.getByLabel('Publication date')).toHaveValue('2024-07-26')
  const article = page.locator('article')
  await expect(article).toContainText('As San Francisco’s district attorney, Kamala Harris ran a program')
  await expect(article).not.toContainText('Quantcast')
  // paragraphs as in the source
  expect(await article.locator('p').count()).toBeGreaterThan(10)
  // every run carries its canonical offset
  const offsets = await article.locator('[data-o]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.o)))
  expect(offsets.length).toBeGreaterThan(10)
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b))
  await page.keyboard.press('Escape')
  await expect(page.locator('tbody tr')).toHaveCount(all)
  await page.locator('td.title', { hasText: 'Records show ICE' }).click()
  await expect(page.locator('article')).toBeVisible()
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(page.locator('tbody tr')).toHaveCount(all)
})

test('title and date edits are stored', async ({ page }) => {
  await page.goto('/')
  await page.locator('td.title', { hasText: 'Records show ICE' }).click()
  const title = page.getByLabel('Title')
  const newTitle = `ICE backtracking on Secure Communities ${Date.now()}`
  await title.fill(newTitle)
  await title.press('Enter')
  const date = page.getByLabel('Publication date')
  await date.fill('2010-11-1x')
  await date.press('Enter')
  await expect(page.getByRole('alert')).toContainText('date')
  await date.fill('2010-11-17')
  await date.press('Enter')
  await expect(page.getByRole('status')).toHaveText('Saved')
  // the Go side has it: reload the page and check what the backend returns
  await page.reload()
  await expect(page.locator('td.title', { hasText: newTitle })).toHaveCount(1)
  const row = page.locator('tr', { has: page.locator('td.title', { hasText: newTitle }) })
  await expect(row.locator('td.date')).toHaveText('2010-11-17')
  // the CLI sees it too, through the window that holds the library (remote/)
  const listed = JSON.parse(execFileSync(process.env.GLOSS_BIN!, ['list', '--json'], { encoding: 'utf8', stdio: 'pipe', timeout: 5000 }))
  expect(listed.map((d: { title: string }) => d.title)).toContain(newTitle)
})

test('dark mode follows the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto('/')
  await expect(page.locator('tbody tr').first()).toBeVisible()
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  await page.emulateMedia({ colorScheme: 'dark' })
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(light).toBe('rgb(251, 250, 247)')
  expect(dark).toBe('rgb(27, 28, 31)')
})
