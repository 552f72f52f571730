// A link in an article never takes the window away: clicking it asks first, showing the full address, and
// only then hands it to Go (App.OpenLink, which opens the system browser); the page stays the app's.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'gloss-links-'))

test('a link in an article opens outside, after a confirm showing its address', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const file = join(dir, `links-${stamp}.md`)
  const target = `https://example.org/report-${stamp}?a=1&b=2`
  writeFileSync(file, `---\ntitle: Links ${stamp}\n---\n\nRead [the full report](${target}) or [the other one](javascript:alert(1)) now.\n`)
  await page.goto('/')
  await page.waitForFunction(() => (window as any).go?.app?.DevApp?.ImportPaths)
  await page.evaluate((file) => (window as any).go.app.DevApp.ImportPaths([file]), file)
  await page.reload() // the library lists it from the start, whatever events did meanwhile
  await page.waitForFunction(() => (window as any).go?.app?.App?.OpenLink)
  await page.evaluate(() => {
    // The system browser is not started in tests: record what would be opened.
    const w = window as any
    w.__opened = []
    w.go.app.App.OpenLink = async (url: string) => void w.__opened.push(url)
  })
  await page.locator('td.title', { hasText: `Links ${stamp}` }).click()
  const link = page.locator('article a', { hasText: 'the full report' })
  await expect(link).toBeVisible()
  const appURL = page.url()
  const popups: string[] = []
  page.on('popup', (p) => popups.push(p.url()))
  const requests: string[] = []
  page.on('request', (r) => { if (!r.url().startsWith(new URL(appURL).origin)) requests.push(r.url()) })

  // Cancel: nothing opens.
  const dialogs: string[] = []
  page.once('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
  await link.click()
  await expect.poll(() => dialogs.length).toBe(1)
  expect(dialogs[0]).toContain(target)
  expect(page.url()).toBe(appURL)
  expect(await page.evaluate(() => (window as any).__opened)).toEqual([])

  // Accept: Go gets exactly the address shown; the window stays.
  page.once('dialog', (d) => { dialogs.push(d.message()); void d.accept() })
  await link.click()
  await expect.poll(() => page.evaluate(() => (window as any).__opened)).toEqual([target])
  expect(dialogs[1]).toContain(target)
  expect(page.url()).toBe(appURL)

  // A middle click, and the text of a link with a scheme Gloss does not open: no dialog, no navigation.
  await link.click({ button: 'middle' })
  await expect(page.locator('article a', { hasText: 'the other one' })).toHaveCount(0) // its text, no link
  await page.locator('article').getByText('the other one').click()
  await page.waitForTimeout(300)
  expect(dialogs).toHaveLength(2)
  expect(page.url()).toBe(appURL)
  expect(popups).toEqual([])
  expect(requests).toEqual([])
  await expect(page.locator('article')).toContainText('the full report')
})
