// Links in rendered text (articles, notes, memos) never navigate the window: every click, middle click or
// drag of a link is stopped here, in the capture phase, before anything else sees it. A click asks first,
// showing the full address, then hands it to Go (App.OpenLink), which opens the system browser. The window
// has no links of its own, so this holds for every <a> in the page. main.go also refuses any navigation
// away from the app, should something get past this.

import { api } from './api'

const OPENABLE = /^(https?|mailto):/i

// linkTarget is the address a link would open, normalised (punycode host, escaped path) as the browser
// would send it, or null when it is not one Gloss opens (javascript:, relative, none).
export function linkTarget(href: string | null): string | null {
  if (!href || !OPENABLE.test(href.trim())) return null
  try {
    const u = new URL(href.trim())
    return OPENABLE.test(u.protocol) ? u.href : null
  } catch {
    return null
  }
}

export function installLinkGuard(
  root: Document = document,
  ask: (msg: string) => boolean = (m) => window.confirm(m),
  open: (url: string) => Promise<void> = api.openLink,
) {
  const linkOf = (e: Event) => (e.target instanceof Element ? e.target.closest('a') : null)
  root.addEventListener(
    'click',
    (e) => {
      const a = linkOf(e)
      if (!a) return
      e.preventDefault()
      const url = linkTarget(a.getAttribute('href'))
      if (!url) return
      if (ask(`Open this link in your web browser?\n\n${url}`)) void open(url).catch((err) => window.glossReportError?.(String(err)))
    },
    true,
  )
  for (const type of ['auxclick', 'dragstart'])
    root.addEventListener(
      type,
      (e) => {
        if (linkOf(e)) e.preventDefault()
      },
      true,
    )
}

declare global {
  interface Window {
    glossReportError?: (msg: string) => void
  }
}
