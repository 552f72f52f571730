import { test, expect, app } from './fixtures'

// The desktop layer: native menu ↔ command palette, settings, the first-run welcome.

type MenuAction = { id: string; menu: string; label: string; keys: string }

test('every menu bar item is an action of the command palette', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tbody tr').first()).toBeVisible()
  const items = await app(page).call<MenuAction[]>('MenuActions')
  expect(items.map((m) => m.menu)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']))
  for (const want of ['Import files…', 'Import folder…', 'Export annotations…', 'Back up library…', 'Quit Gloss', 'Undo', 'Redo',
    'Find…', 'Find in library', 'Library', 'Reader', 'Annotations', 'Tags', 'Review queue', 'Settings', 'Zoom in', 'Zoom out',
    'About Gloss', 'Keyboard shortcuts']) {
    expect(items.map((m) => m.label), want).toContain(want)
  }
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  for (const m of items) {
    await page.keyboard.press('Control+k')
    await expect(palette).toBeVisible()
    await palette.getByLabel('Command').fill(m.label)
    await expect(palette.getByRole('option').first(), `${m.menu} › ${m.label}`).toBeVisible()
    await expect(palette.locator('.none')).toHaveCount(0)
    await palette.getByLabel('Command').press('Escape')
    await expect(palette).toBeHidden()
  }
})

test('a menu event runs the palette action: About shows the version, View › Settings opens settings', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('tbody tr').first()).toBeVisible()
  const emit = (id: string) => page.evaluate((id) => (window as any).runtime.EventsEmit('menu', id), id)
  await emit('about')
  const about = page.getByRole('dialog', { name: 'About Gloss' })
  await expect(about.locator('.version')).toHaveText(/^\d+\.\d+\.\d+/)
  await about.getByRole('button', { name: 'Close' }).click()
  await expect(about).toBeHidden()
  await emit('shortcuts')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Ctrl+Shift+F')
  await page.keyboard.press('Escape')
  await emit('settings')
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await emit('view-library')
  await expect(page.locator('tbody tr').first()).toBeVisible()
})

test('settings persist across a reload and in Go', async ({ page }) => {
  await page.goto('/')
  await page.keyboard.press('Control+k')
  const command = page.getByRole('textbox', { name: 'Command' })
  await command.fill('settings')
  await command.press('Enter')
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  try {
    await page.getByLabel('Dark').check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByLabel('Sans-serif').check()
    await page.getByLabel('Reader text size').fill('22')
    await page.getByLabel('Reader text size').press('Tab')
    await expect.poll(async () => (await app(page).call<Record<string, string>>('Settings')).reader_size).toBe('22')
    const s = await app(page).call<Record<string, string>>('Settings')
    expect(s.theme).toBe('dark')
    expect(s.reader_font).toBe('sans')

    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect(page.locator('html')).toHaveAttribute('data-reader-font', 'sans')
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).toBe('rgb(27, 28, 31)')
    // a bad value is refused by Go
    await expect(app(page).call('SetSetting', 'theme', 'purple')).rejects.toThrow(/not one of/)
  } finally {
    for (const k of ['theme', 'reader_font', 'reader_size']) await app(page).call('SetSetting', k, '')
  }
  await page.reload()
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./)
})

test('the welcome shows until it is dismissed, then never again', async ({ page }) => {
  await page.goto('/')
  await app(page).call('SetSetting', 'welcome_dismissed', '')
  await page.reload()
  const welcome = page.getByRole('region', { name: 'Welcome to Gloss' })
  await expect(welcome).toBeVisible()
  await expect(welcome).toContainText('five sample news articles')
  await expect(welcome).toContainText('Export')
  await welcome.getByRole('button', { name: 'Got it' }).click()
  await expect(welcome).toBeHidden()
  expect((await app(page).call<Record<string, string>>('Settings')).welcome_dismissed).toBe('1')
  await page.reload()
  await expect(page.locator('tbody tr').first()).toBeVisible()
  await expect(welcome).toHaveCount(0)
})

test('the documents read last are listed as Recent', async ({ page }) => {
  await page.goto('/')
  await page.locator('tbody tr').first().click()
  await expect(page.locator('article')).toBeVisible()
  const id = await page.locator('article').getAttribute('data-doc')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: /^Recent/ }).click()
  const menu = page.getByRole('menu', { name: 'Recent documents' })
  await expect(menu.getByRole('menuitem').first()).toBeVisible()
  const recent = await app(page).call<{ id: string }[]>('Recent')
  expect(recent[0].id).toBe(id)
})
