import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { test, expect, app } from './fixtures'

// Watching a captured article, against a loopback server started here (tests never touch the internet)
// serving a fact-check page of the shared extraction benchmark: Add from URL, the Reader's header, Check
// for updates after the page is edited (a new version, a moved and an edited highlight, the Library's
// "changed since you annotated it", Review), the diff view, the periodic check, and the captured page's
// sandbox (no script runs, nothing remote is requested).
// A page of the shared extraction benchmark, committed with its licence (run from frontend/, as e2e.sh does).
const PAGE = '../ingest/capture/testdata/pages/1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432.html.gz'
const TITLE = 'Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return'
const original = gunzipSync(readFileSync(PAGE)).toString('utf8')
// What the page holds besides the article that must never run or load when the capture is shown.
const hostile = (at: string) => `<script>fetch('${at}/beacon-script');parent.document.title='pwned'</script>
<img src="${at}/beacon-img.png" onerror="fetch('${at}/beacon-onerror')"><link rel="stylesheet" href="${at}/beacon.css">
<iframe src="${at}/beacon-frame"></iframe><div style="background:url(${at}/beacon-bg.png)">x</div>
<object data="${at}/beacon-object"></object><video src="${at}/beacon-video" autoplay></video>`
let edits = 0 // 0: as captured; 1: the Pentagon → the Defense Department; 2: and a line added on top
let server: Server
let base = ''
const requests: string[] = []

function served() {
  let html = original.replace('</body>', hostile(base) + '</body>')
  if (edits >= 1) html = html.replaceAll('Pentagon', 'Defense Department')
  if (edits >= 2) html = html.replace('<p>', '<p>Editor’s note: this article was updated on 4 December.</p><p>')
  return html
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    if (req.url === '/watched') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(served())
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found')
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
test.afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

const find = async (page: any, id: string, q: string) => (await app(page).call<{ start: number; end: number }[]>('FindInDocument', id, `"${q}"`))[0]

test('Add from URL, then Check for updates after the page is edited: a new version, the highlights re-anchored, the Library mark, Review and the diff view', async ({ page }) => {
  await page.goto('/')
  // The specs share one library, and capture-ui.spec imports the same page: start without it.
  for (const d of (await app(page).call<{ id: string; title: string }[]>('Documents')).filter((d) => d.title === TITLE)) {
    await app(page).call('DeleteDocument', d.id)
  }
  await page.reload()
  await page.getByRole('button', { name: 'Add from URL…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add from URL' })
  await dialog.getByLabel(/Links to fetch/).fill(`# to watch\n${base}/watched\n`)
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.locator('li.imported')).toContainText(`imported: “${TITLE}”`, { timeout: 20_000 })
  await dialog.getByRole('button', { name: 'Close' }).click()

  const doc = (await app(page).call<any[]>('Documents')).find((d) => d.title === TITLE)
  expect(doc.urls).toContain(`${base}/watched`) // the page's canonical URL is its url
  expect(doc.meta.claims?.length).toBeGreaterThan(0)
  // two highlights: one the edit rewrites (fuzzy → Review), one after it that only moves
  const edited = await find(page, doc.id, 'According to the Pentagon, the base serves as an outpost in the fight against the Islamic State group')
  const later = await find(page, doc.id, 'both independent analysts and sources in the Rukban camp')
  const hits = await app(page).call<{ start: number }[]>('FindInDocument', doc.id, '"Pentagon"')
  const pentagons = hits.filter((h) => h.start < later.start).length
  expect(pentagons).toBeGreaterThan(0)
  await app(page).call('Annotate', doc.id, edited.start, edited.end, [], 'who rejected it')
  const moved = await app(page).call<{ annotation: { id: string } }>('Annotate', doc.id, later.start, later.end, [], 'sources')
  await page.reload()
  const row = page.locator(`tr[data-id="${doc.id}"]`)
  await expect(row).toBeVisible()
  await expect(row.locator('.changed')).toHaveCount(0)

  // Check for updates from the Library: nothing changed yet, then the edited page is version 2
  await page.getByRole('button', { name: 'Check for updates' }).click()
  const panel = page.getByRole('dialog', { name: 'Check for updates' })
  await expect(panel).toContainText('Checked: 1 unchanged', { timeout: 20_000 })
  await panel.getByRole('button', { name: 'Close' }).click()
  edits = 1
  await page.getByRole('button', { name: 'Check for updates' }).click()
  await expect(panel).toContainText('changed → new version 2', { timeout: 20_000 })
  await panel.getByRole('button', { name: 'Close' }).click()
  await expect(row.locator('.changed')).toHaveText('changed since you annotated it')
  await expect(row.locator('.changed')).toHaveAttribute('title', 'Now version 2: 2 annotations were made on version 1')

  const anns = await app(page).call<{ id: string; exact: string; anchor: { status: string; version: number } }[]>('Annotations', { doc: doc.id })
  const byId = new Map(anns.map((a) => [a.id, a]))
  // the later one kept its words and context, moved further on: each "Pentagon" before it grew by 10 code points
  const after = await app(page).call<{ start: number; exact: string; anchor: { status: string; version: number } }>('Annotation', moved.annotation.id)
  expect(after.anchor).toMatchObject({ status: 'exact', version: 2 })
  expect(after.exact).toBe('both independent analysts and sources in the Rukban camp')
  expect(after.start).toBe(later.start + 10 * pentagons)
  expect(byId.get(moved.annotation.id)!.anchor.version).toBe(2)

  // Review lists the rewritten one (fuzzy) with what changed
  await page.getByRole('button', { name: 'Review', exact: true }).click()
  const item = page.locator('section.item', { hasText: 'serves as an outpost' })
  await expect(item).toHaveAttribute('data-status', 'fuzzy')
  // NOW marks the change inline (trust's Review): the old word struck out, the new one inserted
  await expect(item.locator('.now del')).toContainText('Pentagon')
  await expect(item.locator('.now ins')).toContainText('Defense Department')
  await item.getByRole('button', { name: 'Show changes' }).click()
  await expect(page.getByLabel('Changes between versions').locator('del').first()).toHaveText('Pentagon')

  // the diff view from the Reader's version bar: version 1 → 2, word by word, with both captures
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  await row.click()
  await expect(page.getByLabel('Title')).toHaveValue(TITLE)
  await expect(page.locator('article mark', { hasText: 'both independent analysts' })).toHaveCount(1)
  await page.getByRole('button', { name: 'Compare versions…' }).click()
  const diff = page.getByRole('dialog', { name: 'Compare versions' })
  await expect(diff.getByLabel('Older version')).toHaveValue('1')
  await expect(diff.getByLabel('Newer version')).toHaveValue('2')
  const n = hits.length // in the text; the page has more in its markup
  await expect(diff.locator('.summary')).toHaveText(new RegExp(`^\\d+ changes?: ${n * 2} words added, ${n} removed$`))
  await expect(diff.locator('.text del').first()).toHaveText('Pentagon')
  await expect(diff.locator('.text ins').first()).toHaveText('Defense Department')
  await expect(diff.locator('.sources')).toContainText(`from ${base}/watched · HTTP 200 · sha256`)
  await diff.getByRole('button', { name: 'Next change' }).click()
  await expect(diff.locator('.at')).toHaveCount(2) // the deletion and insertion of the first change
  await page.screenshot({ path: '../artifacts/e2e/capture-diff.png' })
  await diff.getByRole('button', { name: 'Close' }).click()
  await expect(diff).toHaveCount(0)
})

test('the periodic check (off by default) runs at the interval set in Settings', async ({ page }) => {
  await page.clock.install()
  await page.goto('/')
  const doc = (await app(page).call<any[]>('Documents')).find((d) => d.title === TITLE)
  expect((await app(page).call<Record<string, string>>('Settings')).refresh_interval).toBeUndefined()
  await expect(page.locator('tbody tr').first()).toBeVisible()
  await page.evaluate(() => (window as any).runtime.EventsEmit('menu', 'settings')) // View › Settings
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await expect(page.getByLabel('Check captured articles for updates periodically')).not.toBeChecked()
  await expect(page.getByLabel('Minutes between checks')).toBeDisabled()
  await page.getByLabel('Check captured articles for updates periodically').check()
  await expect.poll(async () => (await app(page).call<Record<string, string>>('Settings')).refresh_interval).toBe('60')
  await page.getByLabel('Minutes between checks').fill('5')
  await page.getByLabel('Minutes between checks').press('Tab')
  await expect.poll(async () => (await app(page).call<Record<string, string>>('Settings')).refresh_interval).toBe('5')
  await expect(app(page).call('SetSetting', 'refresh_interval', '1')).rejects.toThrow(/from 5 to 10080/)
  edits = 2
  const before = requests.filter((r) => r === '/watched').length
  await page.clock.fastForward('04:00')
  expect(requests.filter((r) => r === '/watched').length).toBe(before)
  await page.clock.fastForward('01:05')
  await expect(page.locator('.toast')).toHaveText(`Checked for updates: “${TITLE}” changed (version 3)`, { timeout: 20_000 })
  expect((await app(page).call<any[]>('Versions', doc.id)).length).toBe(3)
  await page.getByLabel('Check captured articles for updates periodically').uncheck()
  await expect.poll(async () => (await app(page).call<Record<string, string>>('Settings')).refresh_interval).toBeUndefined()
})

test('the captured page runs no script and requests nothing, even were its HTML to hold a script', async ({ page }) => {
  const seen: string[] = []
  const failed = new Map<string, string>()
  page.on('request', (r) => seen.push(r.url()))
  page.on('requestfailed', (r) => failed.set(r.url(), r.failure()?.errorText ?? ''))
  await page.goto('/')
  await page.locator('td.title', { hasText: TITLE }).click()
  await expect(page.getByLabel('Title')).toHaveValue(TITLE)
  const header = page.getByRole('region', { name: 'About this article' })
  await expect(header.locator('.provenance')).toContainText(`UTC from ${base}/watched · sha256`)
  const beacons = () => requests.filter((r) => r.includes('beacon'))
  // Go's capture fetched the page's images into the archive (so the captured page can show them as
  // data: URIs); it never asks for scripts, styles, frames or media
  const fetchedByGo = beacons()
  expect(new Set(fetchedByGo), 'what the captures requested besides the page').toEqual(new Set(['/beacon-img.png']))
  await header.getByRole('button', { name: 'Show the captured page' }).click()
  const frame = page.frameLocator('.captured iframe')
  await expect(frame.locator('body')).toContainText('Rukban')
  await expect(page.locator('.captured iframe')).toHaveAttribute('sandbox', '')
  // Go's sanitizer took out the script, handlers and remote references …
  const srcdoc = (await page.locator('.captured iframe').getAttribute('srcdoc'))!
  expect(srcdoc).not.toMatch(/<script|onerror|beacon/i)
  expect(srcdoc).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`)
  // … and had it not, the frame's empty sandbox and CSPs stop them: put the hostile markup back in.
  await page.locator('.captured iframe').evaluate((f: HTMLIFrameElement, hostile) => {
    f.srcdoc = `<!doctype html><html><head></head><body><p>hostile copy</p>${hostile}<script>window.top.document.title = 'pwned'</script></body></html>`
  }, hostile(base))
  await expect(frame.locator('body')).toContainText('hostile copy')
  await page.waitForTimeout(1000)
  expect(await page.title()).not.toBe('pwned')
  expect(beacons(), 'requests the captured page made to the server').toEqual(fetchedByGo)
  // the browser may start a request the policy then refuses: none reached the server (above), and each
  // one beyond the app was refused by the Content-Security-Policy
  const beyond = seen.filter((u) => !u.startsWith(process.env.APP_URL!))
  for (const u of beyond) expect(failed.get(u), `${u} was not blocked`).toBe('csp')
  console.log('blocked in the frame:', [...failed].map(([u, why]) => `${u.replace(base, '')} ${why}`).join(', '))
})
