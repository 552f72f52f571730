import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { test, expect, app } from './fixtures'

// Web capture in the window against a loopback server started here (tests never touch the internet),
// serving a fact-check page of the shared extraction benchmark, and an edited version of it on demand.
// A page of the shared extraction benchmark, committed with its licence (run from frontend/, as e2e.sh does).
const PAGE = '../ingest/capture/testdata/pages/1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432.html.gz'
const TITLE = 'Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return'
const original = gunzipSync(readFileSync(PAGE)).toString('utf8')
let edited = false
let server: Server
let base = ''

test.describe.configure({ mode: 'serial' })

// The title wraps to its whole height: a long title is never cut to its first line.
async function expectTitleWhole(page: import('@playwright/test').Page) {
  const field = page.getByLabel('Title')
  await expect.poll(() => field.evaluate((el: HTMLTextAreaElement) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1)
  expect(await field.evaluate((el: HTMLTextAreaElement) => el.clientHeight)).toBeGreaterThan(60) // two lines at 2rem
}

test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/story') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(edited ? original.replaceAll('Pentagon', 'Defense Department') : original)
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found')
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
test.afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

test('Add from URL imports the article, shown with its metadata, provenance and the captured page in an empty sandbox', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Add from URL…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add from URL' })
  await dialog.getByLabel(/Links to fetch/).fill(`Two links, one broken: ${base}/story and ${base}/missing.`)
  await expect(dialog).toContainText('2 links to fetch.')
  await dialog.getByRole('button', { name: 'Import 2 links' }).click()
  const results = dialog.getByRole('list', { name: 'URL import results' })
  await expect(results.locator('li.imported')).toContainText(`imported: “${TITLE}”`, { timeout: 20_000 })
  await expect(results.locator('li.error')).toContainText('404')
  await results.locator('li.imported').getByRole('button', { name: 'Open' }).click()

  await expect(page.getByLabel('Title')).toHaveValue(TITLE)
  await expectTitleWhole(page)
  const docs = await app(page).call<any[]>('Documents')
  const doc = docs.find((d) => d.title === TITLE)
  const [v] = await app(page).call<any[]>('Versions', doc.id)
  const header = page.getByRole('region', { name: 'About this article' })
  // the metadata the page gave (ClaimReview JSON-LD): every claim with its rating and who made it
  expect(doc.meta.claims?.length, 'the fact-check page has its ClaimReview').toBeGreaterThan(0)
  const claims = header.getByRole('list', { name: 'Fact-checked claims' })
  for (const c of doc.meta.claims) {
    await expect(claims).toContainText(c.claim.replace(/^[“"]+|[”"]+$/g, ''))
    if (c.rating) await expect(claims).toContainText(`Rating: ${c.rating}`)
    if (c.author) await expect(claims).toContainText(`claimed by ${c.author}`)
  }
  for (const a of doc.meta.authors ?? []) await expect(header.locator('.authors')).toContainText(a)
  await expect(page.getByLabel('Publication date')).toHaveValue('2019-11-18') // the Reader's own field
  if (doc.meta.modified && doc.meta.modified !== doc.date) await expect(header.locator('.modified')).toHaveText(`modified ${doc.meta.modified}`)
  await expect(header.locator('.url a')).toHaveAttribute('href', /^https?:\/\//)
  const when = new Date(v.capture.retrievedAt)
  const month = when.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })
  const hm = `${String(when.getUTCHours()).padStart(2, '0')}:${String(when.getUTCMinutes()).padStart(2, '0')}`
  await expect(header.locator('.provenance')).toHaveText(
    `Captured ${when.getUTCDate()} ${month} ${when.getUTCFullYear()} ${hm} UTC from ${base}/story · sha256 ${v.capture.payloadSha256.slice(0, 12)}…`,
  )
  await page.screenshot({ path: '../artifacts/e2e/capture-header.png' })

  await header.getByRole('button', { name: 'Show the captured page' }).click()
  const frame = header.locator('iframe')
  await expect(frame).toHaveAttribute('sandbox', '')
  expect(await frame.getAttribute('srcdoc')).toContain('Rukban')
  expect(await frame.getAttribute('src')).toBeNull()
  // it rendered (the window's CSP lets a srcdoc frame through) and no script ran in it
  await expect(page.frameLocator('.captured iframe').locator('body')).toContainText('Rukban')
  await expect(page.frameLocator('.captured iframe').locator('script')).toHaveCount(0)
})

test('a pasted link opens the dialog prefilled; a dropped link is imported at once (already there: unchanged)', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tbody tr').first()).toBeVisible()
  const paste = (text: string, selector: string) =>
    page.evaluate(([text, selector]) => {
      const dt = new DataTransfer()
      dt.setData('text/plain', text)
      document.querySelector(selector)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
    }, [text, selector])
  const dialog = page.getByRole('dialog', { name: 'Add from URL' })
  // anywhere in the Library, and in its filter (focused when it opens)
  for (const where of ['h1', 'input[type=search]']) {
    await paste(`${base}/story`, where)
    await expect(dialog.getByLabel(/Links to fetch/)).toHaveValue(`${base}/story`)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toHaveCount(0)
  }
  // words with a link are not a link: the paste is the filter's
  await paste(`see ${base}/story`, 'input[type=search]')
  await expect(dialog).toHaveCount(0)

  await page.evaluate((url) => {
    const dt = new DataTransfer()
    dt.setData('text/uri-list', `# from a browser\r\n${url}\r\n`)
    dt.setData('text/plain', url)
    const target = document.querySelector('table')!
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  }, `${base}/story`)
  await expect(dialog.locator('li.unchanged')).toContainText(`already in the library — unchanged: “${TITLE}”`, { timeout: 20_000 })
  await dialog.getByRole('button', { name: 'Close' }).click()

  // Check for updates on every captured document, from the Library
  await page.locator('main.library').getByRole('button', { name: 'Check for updates' }).click()
  const checked = page.getByRole('dialog', { name: 'Check for updates' })
  await expect(checked).toContainText('Checked: 1 unchanged', { timeout: 20_000 })
  await expect(checked.getByRole('listitem')).toHaveText(`${TITLE} unchanged`)
})

test('Check for updates in the Reader: an edited page becomes version 2', async ({ page }) => {
  await page.goto('/')
  await page.locator('td.title', { hasText: TITLE }).click()
  await expect(page.getByLabel('Title')).toHaveValue(TITLE)
  const header = page.getByRole('region', { name: 'About this article' })
  await header.getByRole('button', { name: 'Check for updates' }).click()
  await expect(page.getByRole('dialog', { name: 'Check for updates' })).toContainText('unchanged', { timeout: 20_000 })
  await page.getByRole('dialog', { name: 'Check for updates' }).getByRole('button', { name: 'Close' }).click()
  edited = true
  await header.getByRole('button', { name: 'Check for updates' }).click()
  await expect(page.getByRole('dialog', { name: 'Check for updates' })).toContainText('changed → new version 2', { timeout: 20_000 })
  await expect(page.getByLabel('Version')).toBeVisible()
  await expect(page.locator('article')).toContainText('Defense Department')

  // the diff view from the version bar: version 1 → 2, word by word
  await page.getByRole('button', { name: 'Compare versions…' }).click()
  const diff = page.getByRole('dialog', { name: 'Compare versions' })
  await expect(diff.locator('del').first()).toHaveText(/Pentagon/)
  await expect(diff.locator('ins').first()).toHaveText(/Defense/)
  await expect(diff).toContainText(/\d+ changes?: \d+ words? added, \d+ removed/)
  await expect(diff.locator('.skip').first()).toContainText('unchanged words')
  await page.screenshot({ path: '../artifacts/e2e/capture-diff.png' })
  await diff.getByRole('button', { name: 'Close' }).click()
  await expect(diff).toHaveCount(0)

  // Capture details: each version shows its own capture record in full (hashes for citing), not the latest one's
  const doc = (await app(page).call<any[]>('Documents')).find((d) => d.title === TITLE)
  const versions = await app(page).call<any[]>('Versions', doc.id)
  const [v1, v2] = [versions.find((v) => v.n === 1), versions.find((v) => v.n === 2)]
  expect(v1.capture.payloadSha256).not.toBe(v2.capture.payloadSha256)
  for (const v of [v2, v1]) {
    if (v !== v2) await page.getByLabel('Version').selectOption(String(v.n))
    const details = header.locator('details.capture-details')
    // opened once, it stays open while the person moves between versions
    await expect(details.locator('summary')).toHaveText(`Capture details of version ${v.n}`)
    if (v === v2) await details.locator('summary').click()
    await expect(details.locator('dl')).toBeVisible()
    await expect(details.locator('dt', { hasText: 'Page sha256' }).locator('+ dd')).toHaveText(v.capture.payloadSha256)
    await expect(details.locator('dt', { hasText: 'Text sha256' }).locator('+ dd')).toHaveText(v.capture.textSha256)
    await expect(details.locator('dt', { hasText: 'WARC record' }).locator('+ dd')).toHaveText(v.capture.warcRecordId)
    await expect(details.locator('dt', { hasText: 'HTTP status' }).locator('+ dd')).toHaveText('200')
    await expect(details.locator('dt', { hasText: 'Asked for' }).locator('+ dd')).toHaveText(`${base}/story`)
  }
  await expectTitleWhole(page)
  await expect(page.locator('header .meta')).toContainText('version 1 of 2') // the version read, not only the latest
  await page.screenshot({ path: '../artifacts/e2e/capture-details.png' })
})
