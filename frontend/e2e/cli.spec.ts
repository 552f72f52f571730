import type { Locator, Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, seedId, app } from './fixtures'

// The CLI while the window is open (issue 15): the window owns the library and runs the command for the
// CLI over the library's socket (remote/, cli.Serve); the open view reloads when it wrote.
const gloss = (args: string[], cwd?: string) =>
  execFileSync(process.env.GLOSS_BIN!, args, { encoding: 'utf8', stdio: 'pipe', timeout: 10_000, cwd })

test('gloss list, annotate and export work with the window open, which shows the annotation within a second', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '004')
  await page.locator(`tr[data-id="${id}"]`).click()
  const marks = page.locator('article mark')
  await expect(page.locator('article')).toBeVisible()
  const before = await marks.count()

  const docs = JSON.parse(gloss(['list', '--json'])) as { id: string }[]
  expect(docs.map((d) => d.id)).toContain(id)

  // Five words from the middle of the longest paragraph, unique enough to anchor.
  const text = (JSON.parse(gloss(['show', '--json', id])) as { text: string }).text
  const para = text.split('\n').reduce((a, b) => (b.length > a.length ? b : a), '')
  const words = para.split(/ +/).filter(Boolean)
  const quote = words.slice(Math.floor(words.length / 2), Math.floor(words.length / 2) + 5).join(' ')
  const note = `from the CLI ${Date.now()}`
  gloss(['annotate', '--doc', id, '--quote', quote, '--tag', 'CLI while open', '--note', note])
  // the shared library is left as found, also when a check below fails (a retry starts from the same marks)
  try {
    await cliWhileOpen(page, id, note, marks, before)
  } finally {
    const mine = JSON.parse(gloss(['annotations', '--json', '--doc', id])) as { id: string; note: string }[]
    for (const a of mine.filter((a) => a.note === note)) await app(page).call('DeleteAnnotation', a.id)
  }
})

async function cliWhileOpen(page: Page, id: string, note: string, marks: Locator, before: number) {
  // No reload, no click: the window was told (library-changed) and redraws.
  await expect(marks).toHaveCount(before + 1, { timeout: 1000 })
  // exact: the note is also inside the hidden line that describes the highlight (HighlightNames.svelte)
  await expect(page.getByText(note, { exact: true })).toBeVisible({ timeout: 1000 })

  // Export with a relative --out: written in the CLI's working directory.
  const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-cli-'))
  const out = gloss(['export', '--format', 'md', '--doc', id, '--out', 'notes.md'], dir)
  expect(out).toContain('notes.md')
  expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toContain(note)

  // What the window cannot do for a client is refused with the reason.
  let err = ''
  try {
    gloss(['restore', join(dir, 'notes.md')])
  } catch (e) {
    err = String((e as { stderr?: string }).stderr)
  }
  expect(err).toContain('close the Gloss window first')
}
