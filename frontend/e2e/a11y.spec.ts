import type { Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, seedId, app, dragSelect } from './fixtures'

// Issue 20: every view, in light and dark mode, has no serious or critical axe-core violation. The report of
// what was found is attached to the test (and printed in the failure message) so a regression names its rule.
async function audit(page: Page, view: string) {
  const result = await new AxeBuilder({ page }).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `   ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n')}`)
  await test.info().attach(`axe ${view}`, { body: JSON.stringify(result.violations, null, 1), contentType: 'application/json' })
  expect.soft(report, `axe-core, ${view}`).toEqual([]) // soft: one run reports every view
}

const tab = (page: Page, name: string) => page.locator('nav.tabs').getByRole('button', { name, exact: true }).click()

for (const scheme of ['light', 'dark'] as const) {
  test(`axe-core: every view has no serious or critical violations (${scheme})`, async ({ page }) => {
    test.setTimeout(120_000)
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto('/')
    // a highlight with a tag of each kind and a note, so the Reader, Annotations, Tags and Review show them
    const id = await seedId(page, '003')
    // eight new tags take the eight palette colours in turn (store/tags.go), so text on every tag colour is checked
    for (let k = 0; k < 8; k++) {
      const tag = (await app(page).call<{ id: string }>('CreateTag', `A11y ${scheme} ${k} ${Date.now().toString(36)}`, '')).id
      await app(page).call('Annotate', id, 300 + 60 * k, 340 + 60 * k, [tag], `a note for the audit ${k}`)
    }
    await page.reload()

    await expect(page.locator('tr[data-id]').first()).toBeVisible()
    await audit(page, `Library (${scheme})`)

    await page.locator(`tr[data-id="${id}"]`).click()
    await expect(page.locator('article mark').first()).toBeVisible()
    await audit(page, `Reader (${scheme})`)

    await tab(page, 'Annotations')
    await expect(page.getByRole('button', { name: 'Export…' })).toBeVisible()
    await audit(page, `Annotations (${scheme})`)
    await page.getByRole('button', { name: 'Export…' }).click()
    await expect(page.getByRole('dialog')).toBeVisible()
    await audit(page, `Export dialog (${scheme})`)
    await page.keyboard.press('Escape')

    await tab(page, 'Tags')
    await audit(page, `Tags (${scheme})`)
    await tab(page, 'Notes')
    await audit(page, `Notes (${scheme})`)

    await tab(page, 'Search')
    await page.getByLabel('Search the library').fill('program')
    await page.getByLabel('Search the library').press('Enter')
    await expect(page.locator('.results > li').first()).toBeVisible()
    await audit(page, `Search (${scheme})`)

    await tab(page, 'Review')
    await audit(page, `Review (${scheme})`)
    await tab(page, 'Coders')
    await audit(page, `Coders (${scheme})`)
    await page.keyboard.press('Control+k')
    await page.getByLabel('Command', { exact: true }).fill('Go to Settings')
    await page.getByLabel('Command', { exact: true }).press('Enter')
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
    await audit(page, `Settings (${scheme})`)
    // The specs share one library: the audit's highlights would overlap the passages later specs look for.
    for (const a of await app(page).call<{ id: string; note: string }[]>('Annotations', { doc: id })) {
      if (a.note.startsWith('a note for the audit')) await app(page).call('DeleteAnnotation', a.id)
    }
  })
}

// Issue 20: Arabic is laid out right to left in the Reader (each block takes its direction from its text).
test('an Arabic article renders right to left, aligned right', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-rtl-'))
  const file = join(dir, `arabic-${Date.now().toString(36)}.txt`)
  writeFileSync(file, 'أعلنت وزارة المياه اليوم عن خطة جديدة لتحسين جودة المياه في المدن الكبرى، وقالت إن العمل سيبدأ الشهر المقبل.\n\nوأضافت الوزارة أن الخطة تشمل مراقبة التلوث في الأنهار والبحيرات.\n')
  await page.goto('/')
  await app(page).call('ImportPaths', [file])
  await page.reload()
  await page.locator('td.title', { hasText: 'أعلنت وزارة المياه' }).first().click()
  const block = page.locator('article > *', { hasText: 'وأضافت الوزارة' }).first()
  await expect(block).toBeVisible()
  const geo = await block.evaluate((el) => {
    const s = getComputedStyle(el)
    const r = document.createRange()
    r.selectNodeContents(el)
    const rects = [...r.getClientRects()]
    const box = el.getBoundingClientRect()
    return { direction: s.direction, left: rects[0].left - box.left, right: box.right - rects[rects.length - 1].right }
  })
  expect(geo.direction).toBe('rtl')
  // a short line hugs the right edge: its right end at the block's right, space left over on its left
  expect(geo.right).toBeLessThan(4)
  expect(geo.left).toBeGreaterThan(40)
})

// Issue 20: Esc clears a selection in the Reader (and closes its popover) instead of leaving the article.
test('Esc clears the selection in the Reader', async ({ page }) => {
  await page.goto('/')
  await page.locator('td.title', { hasText: 'Records show ICE backtracking' }).click()
  await dragSelect(page, 'hastily changed their opt-out policies')
  await expect(page.getByRole('dialog', { name: 'New annotation' })).toBeVisible()
  await page.locator('article').focus()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'New annotation' })).toBeHidden()
  await expect.poll(() => page.evaluate(() => getSelection()!.toString())).toBe('')
  await expect(page.locator('article')).toBeVisible() // still reading
  await page.keyboard.press('Escape') // nothing selected: back to the Library
  await expect(page.locator('article')).toBeHidden()
})

// Issue 20: n / p move the focus to the highlight and announce its tags and note.
test('n moves the focus to a highlight and announces its tags and note', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '002')
  const name = `Announce ${Date.now().toString(36)}`
  const tag = (await app(page).call<{ id: string }>('CreateTag', name, '')).id
  await app(page).call('Annotate', id, 400, 430, [tag], 'check this figure')
  await page.reload()
  await page.locator(`tr[data-id="${id}"]`).click()
  await expect(page.locator('article mark').first()).toBeVisible()
  await page.locator('article').focus()
  const focused = page.locator('article mark:focus')
  const want = `Highlight, tagged ${name}. Note: check this figure`
  // other specs may have highlighted this article too: step until ours (n follows text order)
  for (let k = 0; k < 20; k++) {
    const before = (await focused.count()) ? await focused.getAttribute('data-a') : null
    await page.keyboard.press('n')
    await expect(focused).toHaveCount(1)
    await expect(focused).toHaveAccessibleDescription(/^Highlight, /)
    if (before !== null) await expect.poll(() => focused.getAttribute('data-a')).not.toBe(before)
    if ((await focused.getAttribute('title')) === want) break
  }
  await expect(focused).toHaveAccessibleDescription(want)
  await expect(page.locator('p[aria-live="polite"]', { hasText: name })).toHaveText(`Highlight, tagged ${name}. Note: check this figure`)
})

// Issue 20: every Tab stop is visible and shows a focus ring ("five invisible stops" in the Library, two
// in the Reader; the tag field had no ring).
async function tabStops(page: Page, count: number) {
  const stops: string[] = []
  for (let k = 0; k < count; k++) {
    await page.keyboard.press('Tab')
    stops.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      if (!el || el === document.body) return ''
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
      const what = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`
      const bad = r.width < 2 || r.height < 2 || s.visibility === 'hidden' || s.opacity === '0' ? 'invisible' : !ring ? 'no ring' : ''
      return bad ? `${bad}: ${what}` : ''
    }))
  }
  return stops.filter(Boolean)
}

test('every Tab stop in the Library and the Reader is visible with a focus ring', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tr[data-id]').first()).toBeVisible()
  expect(await tabStops(page, 40), 'Library').toEqual([])
  await page.locator('td.title', { hasText: 'Records show ICE backtracking' }).click()
  await expect(page.locator('article')).toBeVisible()
  expect(await tabStops(page, 30), 'Reader').toEqual([])
  await dragSelect(page, 'hastily changed their opt-out policies')
  await page.getByRole('dialog', { name: 'New annotation' }).getByLabel('Tags').focus()
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Tab')
  expect(await tabStops(page, 0)).toEqual([])
  const ring = await page.getByRole('dialog', { name: 'New annotation' }).getByLabel('Tags').evaluate((el) => {
    const s = getComputedStyle(el)
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
  })
  expect(ring, 'the tag field shows it has the focus').toBe(true)
})

// Issue 20: caret browsing (F7): the arrows move a caret through the text, Shift+arrows select from it, and
// the selection is tagged and noted without a mouse.
test('caret mode: move with arrows, select with Shift, tag and note from the keyboard', async ({ page }) => {
  await page.goto('/')
  await page.locator('td.title', { hasText: 'Kamala Ran S.F.' }).click()
  await expect(page.locator('article')).toBeVisible()
  await page.locator('article').focus()
  await page.keyboard.press('F7')
  await expect(page.locator('.toast')).toContainText('Caret browsing on')
  await expect(page.locator('.caret-bar')).toBeVisible()
  const at = () => page.evaluate(() => ({ node: getSelection()!.focusNode?.textContent?.slice(0, 20), off: getSelection()!.focusOffset, collapsed: getSelection()!.isCollapsed }))
  const start = await at()
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight')
  const moved = await at()
  expect(moved.collapsed).toBe(true)
  expect(moved.off).toBe(start.off + 4)
  const text = await page.evaluate(() => getSelection()!.focusNode!.textContent!)
  await page.keyboard.down('Shift')
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight')
  await page.keyboard.up('Shift')
  const phrase = text.slice(moved.off, moved.off + 6)
  await expect.poll(() => page.evaluate(() => getSelection()!.toString())).toBe(phrase)
  const dialog = page.getByRole('dialog', { name: 'New annotation' })
  await expect(dialog).toBeVisible()
  const tag = `Caret ${Date.now().toString(36)}`
  await page.keyboard.press('Enter')
  await page.keyboard.type(tag)
  await page.keyboard.press('Enter')
  await expect(dialog.locator('.chip', { hasText: tag })).toBeVisible()
  await page.keyboard.press('Tab') // from the tag field to the note
  await expect(dialog.getByLabel('Note')).toBeFocused()
  await page.keyboard.type('typed without a mouse')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  const tags = await app(page).call<{ id: string; name: string }[]>('Tags')
  const stored = await app(page).call<{ exact: string; note: string }[]>('Annotations', { tag: tags.find((t) => t.name === tag)!.id })
  expect(stored.map((a) => [a.exact, a.note])).toEqual([[phrase, 'typed without a mouse']])
  await page.keyboard.press('F7')
  await expect(page.locator('.caret-bar')).toHaveCount(0)
})
