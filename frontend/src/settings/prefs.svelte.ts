// Settings (stored in the library's database by Go: app/settings.go) and how they apply to the page:
// theme → <html data-theme>, reader font and size → <html data-reader-font> and --reader-size, zoom →
// the root font size. Also the desktop side of the app: menu actions, recent documents, About.
import { api } from '../lib/api'
import { nav, openDocument, type View } from '../lib/nav.svelte'
import { toast } from '../lib/toast.svelte'

export type Theme = 'system' | 'light' | 'dark'

export const prefs = $state({
  loaded: false,
  author: '',
  theme: 'system' as Theme,
  readerFont: 'serif' as 'serif' | 'sans',
  readerSize: 18,
  backupRetention: 7,
  zoom: 100,
  welcomeDismissed: false,
})

export const ZOOMS = [67, 80, 90, 100, 110, 125, 150, 175, 200]

export async function loadPrefs() {
  const s = await api.settings()
  prefs.author = s.author ?? ''
  prefs.theme = (['system', 'light', 'dark'].includes(s.theme) ? s.theme : 'system') as Theme
  prefs.readerFont = s.reader_font === 'sans' ? 'sans' : 'serif'
  prefs.readerSize = Number(s.reader_size) || 18
  prefs.backupRetention = Number(s.backup_retention) || 7
  prefs.zoom = ZOOMS.includes(Number(s.zoom)) ? Number(s.zoom) : 100
  prefs.welcomeDismissed = s.welcome_dismissed === '1'
  prefs.loaded = true
  applyPrefs()
}

export function applyPrefs() {
  const html = document.documentElement
  if (prefs.theme === 'system') delete html.dataset.theme
  else html.dataset.theme = prefs.theme
  html.dataset.readerFont = prefs.readerFont
  html.style.setProperty('--reader-size', `${prefs.readerSize}px`)
  html.style.fontSize = prefs.zoom === 100 ? '' : `${(15 * prefs.zoom) / 100}px`
}

// save stores one setting and applies it at once.
export async function save(key: string, value: string) {
  await api.setSetting(key, value)
  applyPrefs()
}

export async function zoom(step: -1 | 0 | 1) {
  const i = ZOOMS.indexOf(prefs.zoom)
  prefs.zoom = step === 0 ? 100 : ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? 3 : i) + step))]
  await save('zoom', prefs.zoom === 100 ? '' : String(prefs.zoom))
}

export async function dismissWelcome() {
  prefs.welcomeDismissed = true
  await api.setSetting('welcome_dismissed', '1')
}

// What the desktop layer shows over the views: Help's dialogs and the welcome asked for again.
export const panel = $state({ dialog: '' as '' | 'about' | 'shortcuts', welcome: false })

// Back up library…: a save dialog, then a complete copy written beside it and renamed into place.
export async function backup() {
  try {
    const path = await api.backupDialog()
    if (path) toast(`Library backed up to ${path}`)
  } catch (e) {
    toast(String(e).replace(/^Error: /, ''))
  }
}

// The palette actions the desktop adds (each is also a menu item, by id).
export function desktopActions(go: (v: View) => void, findInArticle: () => unknown) {
  return [
    { id: 'backup', label: 'Back up library…', keys: '', run: backup },
    { id: 'find', label: 'Find…', keys: 'Ctrl+F', run: () => (nav.view === 'reader' ? findInArticle() : go('search')) },
    {
      id: 'view-reader', label: 'Go to Reader', keys: 'Ctrl+2',
      run: () => (nav.openId ? openDocument(nav.openId) : toast('Open an article from the library first')),
    },
    { id: 'settings', label: 'Go to Settings', keys: 'Ctrl+,', run: () => go('settings' as View) },
    { id: 'zoom-in', label: 'Zoom in', keys: 'Ctrl+=', run: () => zoom(1) },
    { id: 'zoom-out', label: 'Zoom out', keys: 'Ctrl+-', run: () => zoom(-1) },
    { id: 'zoom-reset', label: 'Actual size (zoom 100%)', keys: 'Ctrl+0', run: () => zoom(0) },
    { id: 'shortcuts', label: 'Keyboard shortcuts', keys: 'F1', run: () => (panel.dialog = 'shortcuts') },
    { id: 'welcome', label: 'Welcome to Gloss', keys: '', run: () => (panel.welcome = true) },
    { id: 'about', label: 'About Gloss', keys: '', run: () => (panel.dialog = 'about') },
    { id: 'quit', label: 'Quit Gloss', keys: 'Ctrl+Q', run: () => api.quit() },
  ]
}
