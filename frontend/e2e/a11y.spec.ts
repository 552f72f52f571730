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
    let first = ''
    // eight new tags take the eight palette colours in turn (store/tags.go), so text on every tag colour is checked
    for (let k = 0; k < 8; k++) {
      const tag = (await app(page).call<{ id: string }>('CreateTag', `A11y ${scheme} ${k} ${Date.now().toString(36)}`, '')).id
      await app(page).call('Annotate', id, 300 + 60 * k, 340 + 60 * k, [tag], `a note for the audit ${k}`)
      if (k === 0) first = tag
    }
    // Review with items in it: an article whose second version moves one highlight (fuzzy) and deletes
    // another (orphan). Coders with two coders: a second coder tags the first passage a little longer.
    const stamp = `${scheme}-${Date.now().toString(36)}`
    const v1 = `Audit article ${stamp}\n\nThe council met on Tuesday to discuss the budget for the coming year.\n\nPULL: we will not accept cuts to the schools\n\nThe mayor said the plan was a neccesary step for the city.\n`
    const file = join(mkdtempSync(join(tmpdir(), 'gloss-a11y-')), `audit-${stamp}.txt`)
    writeFileSync(file, v1)
    await app(page).call('ImportPaths', [file])
    const docs = await app(page).call<{ id: string; title: string }[]>('Documents')
    const review = docs.find((d) => d.title === `Audit article ${stamp}`)!.id
    for (const q of ['we will not accept cuts to the schools', 'a neccesary step for the city']) {
      const at = (await app(page).call<{ start: number; end: number }[]>('FindInDocument', review, `"${q}"`))[0]
      await app(page).call('Annotate', review, at.start, at.end, [first], 'to review')
    }
    writeFileSync(file, v1.replace('PULL: we will not accept cuts to the schools\n\n', '').replace('neccesary', 'necessary'))
    await app(page).call('ImportNewVersionFrom', review, file)
    const me = await app(page).call<string>('Author')
    await app(page).call('SetAuthor', `Second coder ${stamp}`)
    const second = (await app(page).call<{ annotation: { id: string } }>('Annotate', id, 300, 352, [first], '')).annotation.id
    await app(page).call('SetAuthor', me)
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
    await expect(page.locator('section.item[data-status="orphan"]', { hasText: `we will not accept cuts` }).first()).toBeVisible()
    await expect(page.locator('section.item[data-status="fuzzy"]', { hasText: 'step for the city' }).first()).toBeVisible()
    await audit(page, `Review with items (${scheme})`)
    await tab(page, 'Coders')
    await expect(page.getByRole('table', { name: 'Agreement per tag' }).locator('tbody tr td').first()).not.toHaveClass('empty')
    await expect(page.locator('article.disagreement').first()).toBeVisible()
    await audit(page, `Coders with two coders (${scheme})`)
    await page.keyboard.press('Control+k')
    await page.getByLabel('Command', { exact: true }).fill('Go to Settings')
    await page.getByLabel('Command', { exact: true }).press('Enter')
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
    await audit(page, `Settings (${scheme})`)
    // The specs share one library: the audit's highlights would overlap the passages later specs look for.
    for (const a of await app(page).call<{ id: string; note: string }[]>('Annotations', { doc: id })) {
      if (a.note.startsWith('a note for the audit')) await app(page).call('DeleteAnnotation', a.id)
    }
    await app(page).call('DeleteAnnotation', second)
    await app(page).call('DeleteDocument', review)
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
// in the Reader; the tag field had no ring), and Tab walks them in a sensible order: no positive tabindex
// reorders them, and each Tab goes to the next focusable element in document order (which is reading
// order: no view reorders its controls with CSS), wrapping round to the first one only.
async function tabStops(page: Page, count: number) {
  const stops: string[] = []
  const positive = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[tabindex]')].filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 80)))
  if (positive.length) stops.push(`positive tabindex: ${positive.join(', ')}`)
  await page.evaluate(() => ((window as any).__prevStop = document.activeElement))
  for (let k = 0; k < count; k++) {
    await page.keyboard.press('Tab')
    stops.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const prev = (window as any).__prevStop as HTMLElement | null
      ;(window as any).__prevStop = el
      if (!el || el === document.body) return ''
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
      const name = (e: Element) => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30)}"`
      const what = name(el)
      const bad = r.width < 2 || r.height < 2 || s.visibility === 'hidden' || s.opacity === '0' ? 'invisible' : !ring ? 'no ring' : ''
      if (bad) return `${bad}: ${what}`
      if (prev && prev !== document.body && prev !== el && !(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        // backwards in the document: only the wrap from the last stop to the first is in order
        const first = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]')]
          .find((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
        if (el !== first) return `out of order: ${what} after ${name(prev)}`
      }
      return ''
    }))
  }
  return stops.filter(Boolean)
}

test('every Tab stop in the Library and the Reader is visible with a focus ring, in order', async ({ page }) => {
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

test('every Tab stop in the Tags and Search views is visible with a focus ring, in order', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tr[data-id]').first()).toBeVisible()
  await tab(page, 'Tags')
  await expect(page.getByRole('heading', { name: 'Tags' }).first()).toBeVisible()
  expect(await tabStops(page, 30), 'Tags').toEqual([])
  await tab(page, 'Search')
  await page.getByLabel('Search the library').fill('program')
  await page.getByLabel('Search the library').press('Enter')
  await expect(page.locator('.results > li').first()).toBeVisible()
  expect(await tabStops(page, 30), 'Search with results').toEqual([])
})

// Issue 20: every highlight is described to a screen reader, not only the one n / p focus: its tags and
// note, from aria-describedby; two overlapping highlights are both described.
test('every highlight in the Reader is described with its tags and note', async ({ page }) => {
  await page.goto('/')
  const id = await seedId(page, '004')
  const name = `Described ${Date.now().toString(36)}`
  const tag = (await app(page).call<{ id: string }>('CreateTag', name, '')).id
  const one = (await app(page).call<{ annotation: { id: string } }>('Annotate', id, 500, 540, [tag], 'first note')).annotation.id
  const two = (await app(page).call<{ annotation: { id: string } }>('Annotate', id, 520, 560, [], '')).annotation.id
  try {
    await page.reload()
    await page.locator(`tr[data-id="${id}"]`).click()
    const first = page.locator(`article mark[data-a="${one}"]`).first()
    await expect(first).toBeVisible()
    await expect(first).toHaveAccessibleDescription(`Highlight, tagged ${name}. Note: first note`)
    await expect(page.locator(`article mark[data-a="${two}"]`).first()).toHaveAccessibleDescription('Highlight, untagged')
    const both = page.locator(`article mark[data-a~="${one}"][data-a~="${two}"]`).first()
    await expect(both).toHaveAccessibleDescription(`Highlight, tagged ${name}. Note: first note Highlight, untagged`)
    await expect(page.locator('article :focus')).toHaveCount(0) // described without being focused
  } finally {
    await app(page).call('DeleteAnnotation', one)
    await app(page).call('DeleteAnnotation', two)
  }
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
