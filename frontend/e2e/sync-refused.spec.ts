import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { startSyncServer } from './syncserver'
import { test, expect, seedId, app } from './fixtures'

// An edit the team sync server refuses, as a person meets it (issue 21): the server enforces the project's
// guard (teams/sync/testserver with GLOSS_TESTSERVER_USERS), ana's library (a CLI `gloss --db <tmp>`) made
// the project and an annotation, the window syncs as ben (his password is GLOSS_SYNC_PASSWORD, which
// scripts/e2e.sh gives the window) and edits ana's annotation. The refusal is told once in Settings › Team
// sync with its reason, is not sent again by the rounds that follow, Retry sends it again (refused again),
// and Discard settles it: ben's edit stays in his library, ana's annotation is untouched.

const benPassword = 'gloss-e2e' // as scripts/e2e.sh exports it for the window

const gloss = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.env.GLOSS_BIN!, args, { encoding: 'utf8', stdio: 'pipe', timeout: 30_000, env: { ...process.env, ...env } })

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

test('team sync: an edit the server refuses is told once, then retried or discarded', async ({ page }) => {
  test.setTimeout(120_000)
  const stamp = `sync-refused-e2e ${Date.now()}`
  const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-sync-refused-'))
  const other = join(dir, 'ana.db')
  const { url, proc } = await startSyncServer({ GLOSS_TESTSERVER_USERS: `ana:a-pass,ben:${benPassword}` })
  const project = `e2e-refused-${Date.now()}`
  await page.goto('/')
  try {
    await run(page, { url, project, other, stamp })
  } finally {
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
  const asAna = { GLOSS_SYNC_PASSWORD: 'a-pass' }
  const winDoc = await seedId(page, '004')
  // ana makes the project (she is its lead) and an annotation on seed 004
  gloss(['--db', other, 'sync', '--server', url, '--project', project, '--user', 'ana'], asAna)
  const anaDoc = (JSON.parse(gloss(['--db', other, 'list', '--json'])) as { id: string }[])
    .map((d) => JSON.parse(gloss(['--db', other, 'show', '--json', d.id])) as { id: string; seedKey?: string; text: string })
    .find((d) => d.seedKey?.startsWith('004'))!
  const quote = anaDoc.text.split('\n').filter((p) => p.split(/ +/).length > 12)[0].split(/ +/).slice(2, 7).join(' ')
  const anaNote = `${stamp} ana's`
  gloss(['--db', other, 'annotate', '--doc', anaDoc.id, '--quote', quote, '--note', anaNote])
  gloss(['--db', other, 'sync'], asAna)

  // the window syncs as ben and gets ana's annotation
  const status = page.getByRole('status', { name: 'Sync status' })
  await page.evaluate(() => (window as any).runtime.EventsEmit('menu', 'settings'))
  await page.getByLabel('Sync server URL').fill(url)
  await page.getByLabel('Sync project').fill(project)
  await page.getByLabel('Sync user name').fill('ben')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(status).toContainText('last synced', { timeout: 30_000 })
  const notes = () => JSON.parse(gloss(['annotations', '--json', '--doc', winDoc])) as { id: string; note: string }[]
  await expect.poll(() => notes().some((a) => a.note === anaNote), { timeout: 15_000 }).toBe(true)
  const id = notes().find((a) => a.note === anaNote)!.id

  // ben edits ana's annotation: the window's watch pushes it, the server refuses it, the panel says why
  const bens = `${stamp} ben was here`
  await app(page).call('UpdateAnnotation', id, [], bens)
  const refused = page.getByRole('region', { name: /Refused by the server/ })
  await expect(refused).toContainText('(1)', { timeout: 15_000 })
  await expect(refused).toContainText('made by ana')
  await expect(status).toContainText('1 refused edit waiting')
  await expect(status).toContainText('0 changes pending')
  await audit(page, 'Settings › Team sync with a refused edit')
  await page.getByRole('region', { name: 'Team sync' }).screenshot({ path: '../artifacts/e2e/sync-refused.png' })

  // later rounds leave it alone: not sent, not reported again
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByText(/^Synced: 0 sent/)).toBeVisible()
  await expect(refused.getByRole('listitem')).toHaveCount(1)

  // Retry sends it again (in a round now): refused again, still one entry
  const item = refused.getByRole('listitem', { name: /Refused: annotation/ })
  await item.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByText(/^Refused again: annotation/)).toBeVisible()
  await expect(refused.getByRole('listitem')).toHaveCount(1)

  // Discard: the list empties, ben's edit stays here, ana's annotation is untouched
  await refused.getByRole('listitem').getByRole('button', { name: 'Discard' }).click()
  await expect(refused).toHaveCount(0)
  await expect(status).not.toContainText('refused')
  await expect(status).toContainText('0 changes pending')
  expect(notes().find((a) => a.id === id)?.note).toBe(bens)
  gloss(['--db', other, 'sync'], asAna)
  const theirs = JSON.parse(gloss(['--db', other, 'annotations', '--json', '--doc', anaDoc.id])) as { id: string; note: string }[]
  expect(theirs.find((a) => a.id === id)?.note).toBe(anaNote)
}
