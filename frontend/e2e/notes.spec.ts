import { test, expect, app } from './fixtures'

// Issue 18: a team's memos and project notes are told apart by who wrote them — the Notes list signs each one.
test('the Notes list names who wrote each note', async ({ page }) => {
  await page.goto('/')
  const title = `Coding plan ${Date.now().toString(36)}`
  type Saved = { id: string; author: string }
  const bo = await app(page).call<Saved>('SaveNote', { id: '', doc: '', title, body: 'Tone after claims.', author: 'Bo Coder' })
  // a note saved without an author is signed with the library's (the OS user's unless one was set)
  const own = await app(page).call<Saved>('SaveNote', { id: '', doc: '', title: `${title} (own)`, body: '' })
  try {
    expect(bo.author).toBe('Bo Coder')
    expect(own.author).not.toBe('')
    await page.locator('nav.tabs').getByRole('button', { name: 'Notes', exact: true }).click()
    await expect(page.locator('section.list li button', { hasText: `${title} (own)` }).locator('small')).toContainText(`${own.author} · `)
    const rows = page.locator('section.list li button', { hasText: title })
    await expect(rows.filter({ hasNotText: '(own)' }).locator('small')).toContainText('Bo Coder · ')
  } finally {
    await app(page).call('DeleteNote', bo.id)
    await app(page).call('DeleteNote', own.id)
  }
})
