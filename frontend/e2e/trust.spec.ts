import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, app, dragSelect, seedId } from './fixtures'

// Issue 17: a highlighted pull quote that a new version deletes goes to Review as an orphan, its BEFORE
// showing the old wording (not a jump onto the same words further down); a highlight on an edited
// sentence is marked fuzzy in the Reader and Review shows the word change.
test('deleted pull quote → Review orphan with the old wording; fuzzy anchor marked in the Reader', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const quote = `we will not accept a budget that closes schools in every ward ${stamp}`
  const body = (pull: boolean, word: string) =>
    [
      `Budget fight ${stamp}`,
      'City Hall braced on Tuesday for a long fight over the spending plan released by the mayor.',
      ...(pull ? [`PULL: ${quote}`] : []),
      'The council president spoke to reporters after a closed meeting of the finance committee.',
      `Teachers and parents filled the chamber. Asked about the plan, the union leader was blunt: ${quote}, she said, to applause.`,
      `Councillor Jane Smith called the plan a ${word} investment in the future of the waterfront and thanked the staff.`,
      'A vote is scheduled for next month, and the mayor has said she expects to win it.',
    ].join('\n\n') + '\n'
  const file = join(mkdtempSync(join(tmpdir(), 'gloss-trust-')), `budget-${stamp}.txt`)
  writeFileSync(file, body(true, 'neccesary'))
  await page.goto('/')
  await page.evaluate((file) => {
    const a = (window as any).go.app.App
    a.ImportDialog = () => (window as any).go.app.DevApp.ImportPaths([file])
  }, file)
  await page.getByRole('button', { name: 'Import…' }).click()
  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toContainText('1 imported')
  await report.getByRole('button', { name: 'Close' }).click()
  const id = (await page.locator('tr', { hasText: `Budget fight ${stamp}` }).getAttribute('data-id'))!
  const find = async (q: string) => (await app(page).call<{ start: number; end: number }[]>('FindInDocument', id, `"${q}"`))[0]
  const pull = await find(quote) // the first occurrence: the pull quote
  const fuzzy = await find('a neccesary investment in the future of the waterfront')
  const pullAnn = await app(page).call<{ annotation: { id: string } }>('Annotate', id, pull.start, pull.end, [], 'the **pull** quote')
  await app(page).call('Annotate', id, fuzzy.start, fuzzy.end, [], 'misspelt, see <b>x</b> and *why*')

  writeFileSync(file, body(false, 'necessary')) // version 2: the pull quote deleted, the typo corrected
  await page.getByRole('button', { name: 'Import…' }).click()
  await expect(report).toContainText('new version?')
  await report.getByRole('button', { name: /Import as new version of/ }).click()
  await expect(page.locator('.toast')).toContainText('is now version 2')
  const a = await app(page).call<{ anchor: { status: string } }>('Annotation', pullAnn.annotation.id)
  expect(a.anchor.status).toBe('orphan')

  await page.getByRole('button', { name: 'Review', exact: true }).click()
  const orphan = page.locator('section.item[data-status="orphan"]', { hasText: 'PULL:' })
  await expect(orphan).toHaveCount(1)
  await expect(orphan.locator('.before')).toContainText('version 1')
  await expect(orphan.locator('.before mark')).toHaveText(quote)
  await expect(orphan.locator('.before')).toContainText('PULL:')
  await expect(orphan).toContainText('Not found in the current version')
  // (other specs share the library and may leave fuzzy items of their own in Review)
  const changed = page.locator('section.item[data-status="fuzzy"]', { hasText: 'investment in the future of the waterfront' })
  await expect(changed.locator('.before mark')).toHaveText('a neccesary investment in the future of the waterfront')
  await expect(changed.locator('.now del')).toContainText('neccesary')
  await expect(changed.locator('.now ins')).toContainText('necessary')
  // one-key action: K keeps the orphan, stored: out of Review after a reload, listed as kept in Annotations
  await orphan.focus()
  await page.keyboard.press('k')
  await expect(page.locator('section.item[data-status="orphan"]', { hasText: 'PULL:' })).toHaveCount(0)
  await expect.poll(async () => (await app(page).call<{ anchor: { kept?: boolean } }>('Annotation', pullAnn.annotation.id)).anchor.kept).toBe(true)
  await page.reload()
  await page.getByRole('button', { name: 'Review', exact: true }).click()
  await expect(page.locator('section.item', { hasText: 'investment in the future of the waterfront' })).toHaveCount(1)
  await expect(page.locator('section.item', { hasText: 'PULL:' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Annotations', exact: true }).click()
  await page.getByLabel('Filter by anchor status').selectOption('kept')
  const keptRow = page.locator('tbody tr', { hasText: quote })
  await expect(keptRow).toHaveCount(1)
  await expect(keptRow.locator('.state')).toHaveText('kept orphan')
  await expect(keptRow.locator('.note strong')).toHaveText('pull') // the note rendered as Markdown
  // and back to Review from there (then kept again with K)
  await keptRow.getByRole('button', { name: 'Back to Review' }).click()
  await expect(page.locator('tbody tr', { hasText: quote })).toHaveCount(0)
  await page.getByRole('button', { name: 'Review', exact: true }).click()
  await page.locator('section.item[data-status="orphan"]', { hasText: 'PULL:' }).focus()
  await page.keyboard.press('k')
  await expect(page.locator('section.item', { hasText: 'PULL:' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Annotations', exact: true }).click()
  await page.getByLabel('Filter by anchor status').selectOption('kept')
  await expect(keptRow).toHaveCount(1)
  await page.getByLabel('Filter by anchor status').selectOption('fuzzy')
  await expect(page.locator('tbody tr', { hasText: 'investment in the future of the waterfront' })).toHaveCount(1)
  await expect(page.locator('tbody tr', { hasText: quote })).toHaveCount(0)
  await page.getByLabel('Filter by anchor status').selectOption('')

  // the Reader marks the fuzzy highlight
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  await page.locator(`tr[data-id="${id}"]`).click()
  const mark = page.locator('article mark.fz', { hasText: 'necessary investment' })
  await expect(mark).toHaveCount(1)
  await expect(mark).toHaveClass(/fz-first/)
  await expect(mark).toHaveAttribute('title', /Fuzzy/)
  expect(await mark.evaluate((m) => getComputedStyle(m, '::before').content)).toContain('fuzzy')
  // the side panel renders the note as Markdown, raw HTML in it as text
  const note = page.locator('aside .note', { hasText: 'misspelt' })
  await expect(note.locator('em')).toHaveText('why')
  await expect(note.locator('b')).toHaveCount(0)
  // the side panel marks the fuzzy entry and counts what it cannot show (the kept pull-quote orphan)
  await expect(page.locator('aside li.fuzzy', { hasText: 'necessary investment' }).locator('.badge')).toHaveText('fuzzy')
  await expect(page.getByTestId('panel-lost')).toHaveText('1 orphan kept')
  // version 1 is shown with its annotations as they were: the pull quote and the misspelt wording
  await page.getByLabel('Version').selectOption('1')
  await expect(page.locator('.banner', { hasText: 'You are reading version 1' })).toBeVisible()
  await expect(page.locator(`article mark[data-a~="${pullAnn.annotation.id}"]`)).toHaveText(quote)
  await expect(page.locator('article mark', { hasText: 'a neccesary investment in the future of the waterfront' })).toHaveCount(1)
  await page.getByLabel('Version').selectOption('2')
  await expect(page.locator('.banner', { hasText: 'You are reading version 1' })).toHaveCount(0)

  // Ctrl+Z here when the last change was made in another article: that article is shown and named first,
  // nothing is undone until Ctrl+Z is pressed again there.
  const other = await seedId(page, '004')
  const otherAnn = await app(page).call<{ annotation: { id: string } }>('Annotate', other, 0, 12, [], `undo elsewhere ${stamp}`)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('Control+z')
  await expect(page.locator('.toast')).toContainText('The next undo changes')
  await expect(page.locator('.toast')).toContainText('not the article you were reading')
  const exists = () => app(page).call<{ id: string }>('Annotation', otherAnn.annotation.id).then((a) => a.id, () => '')
  expect(await exists()).toBe(otherAnn.annotation.id)
  await expect(page.locator('aside li', { hasText: `undo elsewhere ${stamp}` })).toHaveCount(1) // the other article is on screen
  await page.keyboard.press('Control+z')
  await expect(page.locator('.toast')).toContainText('Undone')
  await expect.poll(exists).toBe('')
})

// A drag that starts and ends mid-word takes whole words; with Alt held it stays exactly as dragged.
test('a drag from mid-word snaps to whole words; Alt keeps it exact', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '000')
  await page.locator(`tr[data-id="${id}"]`).click()
  await dragSelect(page, 'ancisco Mayor W', { consumed: true })
  await expect.poll(() => page.evaluate(() => getSelection()!.toString().trim())).toBe('Francisco Mayor Willie')
  await expect(page.getByRole('dialog', { name: 'New annotation' })).toContainText('Francisco Mayor Willie')
  // the popover is beside the passage, not over it, and inside the window
  const boxes = await page.evaluate(() => {
    const s = getSelection()!.getRangeAt(0).getBoundingClientRect()
    const d = document.querySelector('.popover')!.getBoundingClientRect()
    return { s: { top: s.top, bottom: s.bottom }, d: { top: d.top, bottom: d.bottom, left: d.left, right: d.right }, w: innerWidth, h: innerHeight }
  })
  expect(boxes.d.bottom <= boxes.s.top || boxes.d.top >= boxes.s.bottom).toBe(true)
  expect(boxes.d.left >= 0 && boxes.d.right <= boxes.w && boxes.d.top >= 0 && boxes.d.bottom <= boxes.h).toBe(true)
  await page.keyboard.press('Escape')
  await page.evaluate(() => getSelection()!.removeAllRanges()) // a press inside a selection would drag it
  await page.keyboard.down('Alt')
  await dragSelect(page, 'ancisco Mayor W', { consumed: true })
  await page.keyboard.up('Alt')
  await expect.poll(() => page.evaluate(() => getSelection()!.toString().trim())).toBe('ancisco Mayor W')
})

// At the window's bottom edge there is no room below the passage: the popover opens above it, over none of
// it, inside the window, and the article does not scroll away from the selection (issue 17).
test('a selection on the last line of the window gets its popover above it', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '000')
  await page.locator(`tr[data-id="${id}"]`).click()
  await expect(page.locator('article')).toBeVisible()
  // a paragraph's last whole words (not its final one, which carries the full stop), scrolled to 40 px above
  // the window's edge (no room below, and no drag autoscroll); the first paragraph far enough from the
  // article's end to be scrolled there
  const phrase = await page.evaluate(() => {
    for (const p of document.querySelectorAll('article p')) {
      const words = (p.textContent ?? '').trim().split(/\s+/)
      if (words.length < 12) continue
      p.scrollIntoView({ block: 'end' })
      scrollBy(0, 40)
      if (Math.abs(p.getBoundingClientRect().bottom - (innerHeight - 40)) < 2) return words.slice(-4, -1).join(' ')
    }
    return ''
  })
  expect(phrase).not.toBe('')
  await dragSelect(page, phrase, { consumed: true, keepScroll: true })
  const popover = page.getByRole('dialog', { name: 'New annotation' })
  await expect(popover).toBeVisible()
  const boxes = await page.evaluate(() => {
    const s = getSelection()!.getRangeAt(0).getBoundingClientRect()
    const d = document.querySelector('.popover')!.getBoundingClientRect()
    return { s: { top: s.top, bottom: s.bottom }, d: { top: d.top, bottom: d.bottom, left: d.left, right: d.right }, w: innerWidth, h: innerHeight }
  })
  expect(boxes.s.bottom, 'the selection stays on the last lines').toBeGreaterThan(boxes.h - 150)
  expect(boxes.d.bottom, 'the popover is above the passage').toBeLessThanOrEqual(boxes.s.top)
  expect(boxes.d.left >= 0 && boxes.d.right <= boxes.w && boxes.d.top >= 0).toBe(true)
  await page.keyboard.press('Escape')
})

// Two highlights over the same words: the text is marked as several, and a click there offers both;
// each opens its own editor (issue 17).
test('overlapping highlights: a click offers each of them', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const text = `Overlap ${stamp}\n\nThe harbour board approved the dredging contract on Friday after a short debate.\n\nA second paragraph follows.\n`
  const file = join(mkdtempSync(join(tmpdir(), 'gloss-overlap-')), `overlap-${stamp}.txt`)
  writeFileSync(file, text)
  await page.goto('/')
  await page.evaluate((file) => {
    const a = (window as any).go.app.App
    a.ImportDialog = () => (window as any).go.app.DevApp.ImportPaths([file])
  }, file)
  await page.getByRole('button', { name: 'Import…' }).click()
  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toContainText('1 imported')
  await report.getByRole('button', { name: 'Close' }).click()
  const id = (await page.locator('tr', { hasText: `overlap-${stamp}.txt` }).getAttribute('data-id'))!
  const at = (q: string) => [...text.slice(0, text.indexOf(q))].length
  const o = at('approved the dredging contract on Friday'), n = at('dredging contract')
  const outer = await app(page).call<{ annotation: { id: string } }>('Annotate', id, o, o + 'approved the dredging contract on Friday'.length, [], `outer ${stamp}`)
  const inner = await app(page).call<{ annotation: { id: string } }>('Annotate', id, n, n + 'dredging contract'.length, [], `inner ${stamp}`)
  try {
    await page.locator(`tr[data-id="${id}"]`).click()
    const both = page.locator(`article mark.hl.o[data-a~="${outer.annotation.id}"][data-a~="${inner.annotation.id}"]`)
    await expect(both).toHaveCount(1)
    expect(await both.evaluate((m) => getComputedStyle(m).textDecorationStyle)).toBe('double')
    await both.click()
    const menu = page.getByRole('menu', { name: 'Highlights here' })
    await expect(menu.getByRole('menuitem')).toHaveCount(2)
    // the shorter (inner) one first, focused; arrows move, Enter opens
    await expect(menu.getByRole('menuitem').first()).toHaveAttribute('data-annotation', inner.annotation.id)
    await expect(menu.getByRole('menuitem').first()).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const editor = page.getByRole('dialog', { name: 'Edit annotation' })
    await expect(editor).toBeVisible()
    await expect(editor.locator('textarea')).toHaveValue(`outer ${stamp}`)
    await page.keyboard.press('Escape')
    await expect(editor).toHaveCount(0)
    await both.click()
    await menu.getByRole('menuitem').first().click()
    await expect(editor.locator('textarea')).toHaveValue(`inner ${stamp}`)
    await page.keyboard.press('Escape')
    // Esc in the menu closes it and stays in the article
    await both.click()
    await expect(menu).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(menu).toHaveCount(0)
    await expect(page.locator('article')).toBeVisible()
  } finally {
    for (const a of [outer, inner]) await app(page).call('DeleteAnnotation', a.annotation.id)
  }
})
