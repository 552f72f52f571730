import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, expect, app } from './fixtures'

// The Library's multi-select and each captured document's "last checked" time, against a loopback
// server started here (tests never touch the internet): three captured pages are selected with
// Ctrl+click and Shift+click, checked for updates together (each row's last-checked time moves though
// nothing changed), selected again from the keyboard, and two of them deleted in one undo step. The
// Reader's capture header shows the last check too.

const TITLE = 'Selectable story'
const article = (n: number) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${TITLE} ${n}</title>
<meta property="og:site_name" content="Loopback Gazette"><meta property="article:published_time" content="2026-11-0${n}T09:00:00Z"></head>
<body><article><h1>${TITLE} ${n}</h1><p>Story ${n} says the harbour board met on Monday and agreed to dredge the channel before winter.</p>
<p>Fishermen had asked for the work for years, and the board said the cost would be shared with the county, which has agreed to pay half.</p>
<p>The work will start in October and is expected to take six weeks, during which the ferry will use the north quay.</p></article></body></html>`

let server: Server
let base = ''
test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const m = /^\/s(\d)$/.exec(req.url ?? '')
    if (!m) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      return res.end('not found')
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ETag: `"s${m[1]}"` })
    res.end(article(Number(m[1])))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
test.afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

const mine = async (page: any) =>
  (await app(page).call<{ id: string; title: string }[]>('Documents')).filter((d) => d.title.startsWith(TITLE))

test('select captured rows with the mouse and the keyboard, check them for updates, see when each was last checked, delete two in one undo step', async ({ page }) => {
  await page.goto('/')
  for (const d of await mine(page)) await app(page).call('DeleteDocument', d.id) // a rerun starts clean
  const results = await app(page).call<{ status: string }[]>('ImportURLs', [1, 2, 3].map((n) => `${base}/s${n}`))
  expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'imported'])
  await page.reload()
  await page.getByLabel('Filter documents').fill(TITLE)
  const rows = page.locator('tbody tr')
  await expect(rows).toHaveCount(3)
  // Each captured row says when it was last checked (the import fetched it just now).
  for (let i = 0; i < 3; i++) await expect(rows.nth(i).locator('.last-checked')).toHaveText('checked just now')
  const checkedBefore = await rows.nth(0).locator('.last-checked').getAttribute('data-checked')

  // Ctrl+click the first row, Shift+click the third: all three selected, none opened.
  await rows.nth(0).click({ modifiers: ['Control'] })
  await expect(page.getByRole('toolbar', { name: 'Selected documents' })).toContainText('1 selected')
  await rows.nth(2).click({ modifiers: ['Shift'] })
  await expect(page.locator('tbody tr.selected')).toHaveCount(3)
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible() // still the Library
  // Ctrl+click again takes one out.
  await rows.nth(1).click({ modifiers: ['Control'] })
  await expect(page.locator('tbody tr.selected')).toHaveCount(2)
  await rows.nth(1).click({ modifiers: ['Control'] })

  // Check the selection for updates: three unchanged, and every last-checked time moves.
  await page.waitForTimeout(1100) // the times are to the second
  const bar = page.getByRole('toolbar', { name: 'Selected documents' })
  await bar.getByRole('button', { name: 'Check the 3 selected for updates' }).click()
  const panel = page.getByRole('dialog', { name: 'Check for updates' })
  await expect(panel).toContainText('Checked: 3 unchanged', { timeout: 20_000 })
  await panel.getByRole('button', { name: 'Close' }).click()
  await expect(rows.nth(0).locator('.last-checked')).not.toHaveAttribute('data-checked', checkedBefore ?? '')
  const checks = await app(page).call<Record<string, string>>('CaptureChecks')
  for (const d of await mine(page)) expect(Date.parse(checks[d.id])).toBeGreaterThan(Date.parse(checkedBefore ?? ''))

  // From the keyboard (focus out of the filter field): Esc clears, Space toggles the cursor's row,
  // Shift+↓ extends, Ctrl+A takes every row shown.
  await page.getByRole('heading', { name: 'Library' }).click()
  await page.keyboard.press('Escape')
  await expect(page.locator('tbody tr.selected')).toHaveCount(0)
  await rows.nth(0).hover()
  await page.keyboard.press('Space')
  await expect(page.locator('tbody tr.selected')).toHaveCount(1)
  await page.keyboard.press('Shift+ArrowDown')
  await expect(page.locator('tbody tr.selected')).toHaveCount(2)
  await expect(rows.nth(1)).toHaveClass(/selected/)
  await page.keyboard.press('Control+a')
  await expect(page.locator('tbody tr.selected')).toHaveCount(3)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Space')
  await page.keyboard.press('Shift+ArrowDown') // the cursor's row and the next

  // Delete the two selected: confirmed, gone together, back with one undo.
  const picked = await page.locator('tbody tr.selected').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))
  expect(picked).toHaveLength(2)
  await bar.getByRole('button', { name: 'Delete 2…' }).click()
  await expect(bar.getByRole('alert')).toContainText('Delete 2 articles with their annotations?')
  await bar.getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(rows).toHaveCount(1)
  await expect(page.getByRole('toolbar', { name: 'Selected documents' })).toHaveCount(0)
  expect(await app(page).call<string>('Undo')).toBe('2 documents deleted')
  await page.reload()
  await page.getByLabel('Filter documents').fill(TITLE)
  await expect(rows).toHaveCount(3)

  // The Reader's capture header says when the page was last checked.
  await rows.nth(0).click()
  await expect(page.locator('.capture-header .last-checked')).toContainText(/Last checked for updates \d{4}-\d\d-\d\d \d\d:\d\d UTC/)

  for (const d of await mine(page)) await app(page).call('DeleteDocument', d.id) // leave the shared library as found
})
