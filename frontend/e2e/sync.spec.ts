import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { startSyncServer } from './syncserver'
import { test, expect, seedId, app } from './fixtures'

// Team sync (issue 21) as a person meets it: set up in Settings › Team sync against a CouchDB-protocol
// server (teams/sync/testserver: express-pouchdb, in memory, on loopback), another coder's library (a CLI
// `gloss --db <tmp>`) pushes an annotation that appears in the open Reader without a reload, and an
// annotation edited on both libraries becomes a sync conflict resolved in the Coders view.

const gloss = (args: string[]) =>
  execFileSync(process.env.GLOSS_BIN!, args, { encoding: 'utf8', stdio: 'pipe', timeout: 30_000 })

// Five words from the middle of the n-th longest paragraph: unique enough to anchor.
function quoteOf(text: string, n: number) {
  const paras = text.split('\n').filter((p) => p.split(/ +/).length > 12).sort((a, b) => b.length - a.length)
  const words = paras[n].split(/ +/).filter(Boolean)
  const mid = Math.floor(words.length / 2)
  return words.slice(mid, mid + 5).join(' ')
}

// No serious or critical axe-core violation in what this spec shows (light and dark).
async function audit(page: Page, view: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const result = await new AxeBuilder({ page }).analyze()
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${v.impact} ${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), `axe-core, ${view} (${scheme})`).toEqual([])
  }
  await page.emulateMedia({ colorScheme: null })
}

const off = { server: '', project: '', user: '', keepTextsLocal: false, hasPassword: false, keyringError: '' }

test('team sync: another coder’s annotation appears live, and a conflict is resolved in the Coders view', async ({ page }) => {
  test.setTimeout(120_000)
  const stamp = `sync-e2e ${Date.now()}`
  const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-sync-'))
  const other = join(dir, 'other.db')
  const { url, proc } = await startSyncServer()
  const project = `e2e-${Date.now()}`
  await page.goto('/')
  try {
    await run(page, { url, project, other, stamp })
  } finally {
    // The shared library is left as found (a retry starts from the same state): sync off, our annotations gone.
    await app(page).call('SetSyncSettings', off).catch(() => {})
    const winDoc = await seedId(page, '004').catch(() => '')
    if (winDoc) {
      const list = JSON.parse(gloss(['annotations', '--json', '--doc', winDoc])) as { id: string; note: string }[]
      for (const a of list.filter((a) => a.note.includes(stamp))) await app(page).call('DeleteAnnotation', a.id)
    }
    proc.kill()
    rmSync(dir, { recursive: true, force: true })
  }
})

async function run(page: Page, { url, project, other, stamp }: { url: string; project: string; other: string; stamp: string }) {
  const winDoc = await seedId(page, '004')
  const status = page.getByRole('status', { name: 'Sync status' })

  // Settings › Team sync: a loopback server without sign-in needs no user or password.
  await page.evaluate(() => (window as any).runtime.EventsEmit('menu', 'settings'))
  await expect(page.getByRole('heading', { name: 'Team sync' })).toBeVisible()
  await expect(status).toContainText('Team sync is off')
  await page.getByLabel('Sync server URL').fill(url)
  await page.getByLabel('Sync project').fill(project)
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expect(page.getByText(`Connected to ${url}, project ${project}.`)).toBeVisible()
  await page.getByRole('button', { name: 'Save' }).click()
  // the window's own watch does the first round (its whole library goes up)
  await expect(status).toContainText('syncing live')
  await expect(status).toContainText('last synced', { timeout: 30_000 })
  await expect(status).toContainText('0 changes pending')
  await audit(page, 'Settings › Team sync')

  // The other coder's library: the same seed articles, synced with the same project.
  gloss(['--db', other, 'sync', '--server', url, '--project', project])
  const theirDocs = JSON.parse(gloss(['--db', other, 'list', '--json'])) as { id: string }[]
  const theirDoc = theirDocs.map((d) => JSON.parse(gloss(['--db', other, 'show', '--json', d.id])) as { id: string; seedKey?: string; text: string })
    .find((d) => d.seedKey?.startsWith('004'))!
  expect(theirDoc, 'the other library has seed 004').toBeTruthy()

  // The window shows the article; the other coder annotates it and syncs: it appears, no reload, no click.
  await page.evaluate(() => (window as any).runtime.EventsEmit('menu', 'view-library'))
  await page.locator(`tr[data-id="${winDoc}"]`).click()
  await expect(page.locator('article')).toBeVisible()
  const marks = page.locator('article mark')
  const before = await marks.count()
  const theirNote = `${stamp} from coder B`
  gloss(['--db', other, 'annotate', '--doc', theirDoc.id, '--quote', quoteOf(theirDoc.text, 0), '--note', theirNote])
  gloss(['--db', other, 'sync'])
  await expect(page.getByText(theirNote, { exact: true })).toBeVisible({ timeout: 15_000 })
  await expect(marks).toHaveCount(before + 1)
  const [ann] = (JSON.parse(gloss(['--db', other, 'annotations', '--json', '--doc', theirDoc.id])) as { id: string; tags: string[] }[])

  // Both edit that annotation: the window its note (pushed by its watch), the other coder its passage.
  const mine = `${stamp} edited in the window`
  await app(page).call('UpdateAnnotation', ann.id, [], mine)
  await expect.poll(async () => (await app(page).call<{ pending: number }>('SyncStatus')).pending, { timeout: 15_000 }).toBe(0)
  await page.evaluate(() => (window as any).runtime.EventsEmit('menu', 'settings'))
  await expect(status).toContainText('0 conflicts waiting')
  gloss(['--db', other, 'reattach', ann.id, '--quote', quoteOf(theirDoc.text, 1)])
  const round = JSON.parse(gloss(['--db', other, 'sync', '--json'])) as { conflicts: { id: string }[] }
  expect(round.conflicts.map((c) => c.id)).toContain(`ann:${ann.id}`)

  // The window's watch pulls the conflict: the status line on screen counts it (its round's "sync:round"
  // event, no reload) and leads to the Coders view.
  await expect(status).toContainText('1 conflict waiting', { timeout: 15_000 })
  await page.getByRole('region', { name: 'Team sync' }).screenshot({ path: '../artifacts/e2e/sync-settings.png' })
  await page.getByRole('button', { name: 'Resolve in the Coders view' }).click()
  const conflicts = page.getByRole('region', { name: /Sync conflicts/ })
  await expect(conflicts).toContainText('1 waiting')
  const card = conflicts.getByRole('article')
  await expect(card).toContainText('edited on two libraries')
  await expect(card.getByRole('columnheader', { name: 'Applied here' })).toBeVisible()
  await expect(card.getByRole('columnheader', { name: 'The other version' })).toBeVisible()
  await expect(card.getByRole('row', { name: /Passage/ })).toHaveClass(/differs/)
  await expect(card.getByRole('row', { name: /Note/ })).toHaveClass(/differs/)
  await audit(page, 'Coders with a sync conflict')
  await page.screenshot({ path: '../artifacts/e2e/sync-conflict.png' })
  await card.getByRole('button', { name: 'Keep both' }).click()
  await expect(conflicts).toHaveCount(0)

  // Both versions are kept here and reach the other library.
  const notesIn = (list: { note: string }[]) => list.map((a) => a.note).filter((n) => n.includes(stamp)).sort()
  await expect.poll(() => notesIn(JSON.parse(gloss(['annotations', '--json', '--doc', winDoc])))).toEqual([theirNote, mine].sort())
  await expect.poll(async () => (await app(page).call<{ pending: number; conflicts: number }>('SyncStatus')).pending, { timeout: 15_000 }).toBe(0)
  gloss(['--db', other, 'sync'])
  expect(notesIn(JSON.parse(gloss(['--db', other, 'annotations', '--json', '--doc', theirDoc.id])))).toEqual([theirNote, mine].sort())
  expect(JSON.parse(gloss(['--db', other, 'sync', '--status', '--json'])).conflicts).toBe(0)

  // The other coder deletes the article from their library: here it stays, with its annotations, and the
  // Coders view says who removed it; "Keep it" settles that, and the article is still here.
  const annotated = notesIn(JSON.parse(gloss(['annotations', '--json', '--doc', winDoc])))
  gloss(['--db', other, 'delete', theirDoc.id])
  gloss(['--db', other, 'sync'])
  const removals = page.getByRole('region', { name: /Removed on another library/ })
  await expect(removals).toContainText('1 waiting', { timeout: 15_000 })
  const notice = removals.getByRole('article')
  await expect(notice).toContainText('removed by')
  await audit(page, 'Coders with a document removed elsewhere')
  await notice.getByRole('button', { name: 'Keep it' }).click()
  await expect(removals).toHaveCount(0)
  expect(notesIn(JSON.parse(gloss(['annotations', '--json', '--doc', winDoc])))).toEqual(annotated)
}
