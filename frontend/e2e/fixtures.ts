import { test as base, expect, type Page } from '@playwright/test'

// Every page fails its test on any uncaught error (Wails' dev overlay is kept from throwing: lib/wailsdev.ts).
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await use(page)
    expect(errors, 'uncaught page errors').toEqual([])
  },
})
export { expect }

export const seedTitles = [
  'Kamala Ran S.F. Program That Helped Illegals Who Were Arrested Avoid Deportation',
  'Kamala Harris Put Criminal Illegal Alien in Jobs Program Before He Brutally Assaulted Young Woman',
  'Records show ICE backtracking on immigration program',
  'CA AG Harris: Law Enforcement Doesn’t Have to Comply With Secure Communities',
]

// Screen points at the start and end of a phrase in the article (first occurrence; it may cross the text
// nodes that highlights split runs into). The phrase is scrolled to the middle of the window first, unless
// keepScroll (a test that placed it itself).
async function phrasePoints(page: Page, phrase: string, keepScroll = false) {
  return page.evaluate(([phrase, keepScroll]) => {
    const article = document.querySelector('article')!
    const nodes: Text[] = []
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) nodes.push(n)
    const all = nodes.map((n) => n.data).join('')
    const at = all.indexOf(phrase)
    if (at < 0) throw new Error(`phrase not found: ${phrase}`)
    const locate = (i: number) => {
      for (const n of nodes) {
        if (i < n.data.length) return { n, i }
        i -= n.data.length
      }
      throw new Error('past the end')
    }
    const first = locate(at)
    const last = locate(at + phrase.length - 1)
    if (!keepScroll) first.n.parentElement!.scrollIntoView({ block: 'center' })
    const r = document.createRange()
    r.setStart(first.n, first.i)
    r.setEnd(first.n, first.i + 1)
    const a = r.getClientRects()[0]
    r.setStart(last.n, last.i)
    r.setEnd(last.n, last.i + 1)
    const rects = r.getClientRects()
    const b = rects[rects.length - 1]
    return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 }
  }, [phrase, keepScroll] as const)
}

// consumed: the page takes the selection at once (re-attach does, then clears it), so it is not polled for.
export async function dragSelect(page: Page, phrase: string, { consumed = false, keepScroll = false } = {}) {
  await expect(page.locator('article')).toContainText(phrase) // rendered before measuring
  const p = await phrasePoints(page, phrase, keepScroll)
  await page.mouse.move(p.x1, p.y1)
  await page.mouse.down()
  await page.mouse.move((p.x1 + p.x2) / 2, (p.y1 + p.y2) / 2, { steps: 4 })
  await page.mouse.move(p.x2, p.y2, { steps: 4 })
  await page.mouse.up()
  if (!consumed) await expect.poll(() => page.evaluate(() => getSelection()!.toString().trim())).toBe(phrase)
}


// The id of a seed article by its file name prefix ("003"): titles change in other tests.
export async function seedId(page: Page, prefix: string): Promise<string> {
  return page.evaluate(async (prefix) => {
    const docs = await (window as any).go.app.App.Documents()
    return docs.find((d: any) => (d.seedKey ?? '').startsWith(prefix)).id
  }, prefix)
}

export const app = (page: Page) => ({
  call: <T>(name: string, ...args: unknown[]) =>
    page.evaluate(([name, args]) => {
      // the test seams (ExportTo, ImportPaths…) are on DevApp, bound in the dev build only (app/dev.go)
      const go = (window as any).go.app
      return (go.App[name as string] ?? go.DevApp[name as string])(...(args as unknown[]))
    }, [name, args] as const) as Promise<T>,
})
