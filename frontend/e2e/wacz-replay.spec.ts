import { createServer, type Server } from 'node:http'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { test, expect } from './fixtures'

// Issue 16: a WACZ that Gloss exports is read by the tool it is made for. A page captured from a loopback
// server (stopped before replay, so nothing live can answer) is exported by the CLI and replayed by
// ReplayWeb.page 2.5.3 (Webrecorder; scripts/deps.sh test fetches its two built files), embedded in a page
// served here: the archived article shows inside its replay frame, from the WACZ alone.
const RWP = 'node_modules/.cache/replaywebpage-2.5.3' // run from frontend/, as e2e.sh does
// asynchronous: the page server below answers from this process while the CLI fetches from it
const gloss = async (args: string[]) => (await promisify(execFile)(process.env.GLOSS_BIN!, args, { encoding: 'utf8', timeout: 30_000 })).stdout

function serve(handler: (path: string) => { type: string; body: string | Buffer } | null): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const r = handler(new URL(req.url!, 'http://x').pathname)
    if (!r) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found')
      return
    }
    // a replay tool asks for the package's size (HEAD) and reads it in ranges
    const body = Buffer.from(r.body)
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    const from = range ? Number(range[1]) : 0
    const to = range && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1
    const part = body.subarray(from, to + 1)
    res.writeHead(range ? 206 : 200, {
      'Content-Type': r.type, 'Content-Length': String(part.length), 'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${from}-${to}/${body.length}` } : {}),
    })
    res.end(req.method === 'HEAD' ? undefined : part)
  })
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })))
}
const close = (s: Server) => new Promise<void>((ok) => s.close(() => ok()))

test('a WACZ exported by Gloss replays in ReplayWeb.page, offline', async ({ page }) => {
  expect(existsSync(join(RWP, 'sw.js')), `${RWP} is missing: run scripts/deps.sh test`).toBe(true)
  const stamp = Date.now().toString(36)
  const title = `Harbour board approves dredging ${stamp}`
  const article = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
    <nav><a href="/">Home</a> · <a href="/news">News</a></nav>
    <article><h1>${title}</h1>
    <p>The harbour board approved the dredging contract on Friday after a short debate about the cost to ratepayers.</p>
    <p>Work is expected to begin in the spring, the chair said, once the permits are in hand and the contractor has
    surveyed the channel. Ratepayers will see the cost in next year's rates, she added.</p>
    <p>Two members voted against the contract, citing the silt that the last dredging left on the beaches.</p></article>
    </body></html>`
  const site = await serve((p) => (p === '/story' ? { type: 'text/html; charset=utf-8', body: article } : null))
  const dir = mkdtempSync(join(tmpdir(), 'gloss-wacz-replay-'))
  const db = join(dir, 'library.db')
  const url = `${site.base}/story`
  try {
    await gloss(['--db', db, 'import', url])
  } finally {
    await close(site.server) // from here on only the WACZ holds the page
  }
  const wacz = join(dir, 'capture.wacz')
  expect(await gloss(['--db', db, 'export', '--format', 'wacz', '--out', wacz])).toContain('1 document')

  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/': { type: 'text/html; charset=utf-8', body: `<!doctype html><html><head><meta charset="utf-8"><script src="/replay/ui.js"></script></head>
      <body><replay-web-page style="display:block;height:600px" source="/capture.wacz" url="${url}" replayBase="/replay/" embed="replayonly"></replay-web-page></body></html>` },
    '/replay/ui.js': { type: 'text/javascript', body: readFileSync(join(RWP, 'ui.js')) },
    '/replay/sw.js': { type: 'text/javascript', body: readFileSync(join(RWP, 'sw.js')) },
    '/capture.wacz': { type: 'application/wacz', body: readFileSync(wacz) },
  }
  const replay = await serve((p) => files[p] ?? null)
  try {
    await page.goto(replay.base + '/')
    // On a first visit ReplayWeb.page's frame can be asked for before its service worker (scope /replay/)
    // is active, and this server answers it "not found" (seen once in CI): the page is opened again once
    // the worker is active, as on a reader's second visit.
    const active = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/replay/'))?.active?.state ?? '')
    await expect.poll(active, { timeout: 20_000 }).toBe('activated')
    await page.reload()
    // the replayed page is a frame of ReplayWeb.page's own (its service worker answers from the WACZ)
    const replayed = async () => {
      for (const f of page.frames()) {
        if (!f.url().includes(url)) continue
        const text = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '')
        if (text) return text
      }
      return ''
    }
    await expect.poll(replayed, { timeout: 20_000 }).toContain(title)
    const text = await replayed()
    expect(text).toContain('The harbour board approved the dredging contract on Friday')
    expect(text).toContain('Two members voted against the contract')
    await page.screenshot({ path: '../artifacts/e2e/wacz-replay.png' })
  } finally {
    await close(replay.server)
  }
})
