import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSyncServer } from './syncserver'
import { test, expect, app } from './fixtures'

// Team sync (issue 21): this window's library and another coder's each import a different corrected
// version of one shared article while the window is not syncing. When the window syncs again its
// background watch joins the two histories (one document, both versions, every annotation where it was
// made) and says so in a message on whatever view is open, not only in Settings.
const gloss = (args: string[]) => execFileSync(process.env.GLOSS_BIN!, args, { encoding: 'utf8', stdio: 'pipe', timeout: 30_000 })

const off = { server: '', project: '', user: '', keepTextsLocal: false, hasPassword: false, keyringError: '' }

test('a split version history joined by the background sync is told in the open view', async ({ page }) => {
  test.setTimeout(90_000)
  const stamp = Date.now().toString(36)
  const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-split-'))
  const other = join(dir, 'other.db')
  const base = `Split ${stamp}\n\nThe harbour board approved the dredging contract ${stamp} on Friday after a short debate.\n`
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name))
  const { url, proc } = await startSyncServer()
  const on = { ...off, server: url, project: `split-${stamp}` }
  let winDoc = ''
  await page.goto('/')
  try {
    const report = await app(page).call<{ items: { id?: string }[] }>('ImportPaths', [file(`split-${stamp}.txt`, base)])
    winDoc = report.items[0].id!
    await app(page).call('SetSyncSettings', on)
    // the window's watch pushes the article (a first round: lastSynced set, nothing pending)
    const synced = async () => {
      const st = await app(page).call<{ pending: number; lastSynced: string; lastError: string }>('SyncStatus')
      return st.pending === 0 && !st.lastSynced.startsWith('0001') ? 'synced' : `pending ${st.pending} ${st.lastSynced} ${st.lastError}`
    }
    await expect.poll(synced, { timeout: 20_000 }).toBe('synced')
    gloss(['--db', other, 'sync', '--server', url, '--project', on.project])
    const theirs = (JSON.parse(gloss(['--db', other, 'list', '--json'])) as { id: string; title: string }[]).find((d) => d.title.includes(stamp))
    expect(theirs, 'the other library has the article').toBeTruthy()

    // apart: the window stops syncing, each library imports its own correction
    await app(page).call('SetSyncSettings', off)
    gloss(['version-import', '--of', winDoc, file('ours.txt', base + '\nUpdate: the board later voted to keep the contract.\n')])
    gloss(['--db', other, 'version-import', '--of', theirs!.id, file('theirs.txt', base.replace('on Friday', 'on Thursday'))])
    gloss(['--db', other, 'sync'])

    // the window syncs again: its watch joins the histories and tells whoever looks at the Library
    await page.locator('nav.tabs').getByRole('button', { name: 'Library' }).click()
    await app(page).call('SetSyncSettings', on)
    await expect(page.locator('.toast')).toContainText('another library imported a version this one had not', { timeout: 20_000 })
    await expect(page.locator('.toast')).toContainText(stamp)
    await page.screenshot({ path: '../artifacts/e2e/sync-split.png' })
    const versions = await app(page).call<unknown[]>('Versions', winDoc)
    expect(versions).toHaveLength(3)
  } finally {
    await app(page).call('SetSyncSettings', off).catch(() => {})
    if (winDoc) await app(page).call('DeleteDocument', winDoc).catch(() => {})
    proc.kill()
    rmSync(dir, { recursive: true, force: true })
  }
})
