// The dev build's page (Playwright, a browser on loopback) gets Wails' websocket IPC script, which mounts its
// reconnect overlay at DOMContentLoaded with the Svelte 4 API: `new Overlay({ target })`. Its bundled Svelte 5
// has no component classes, so that call throws "Cannot read properties of null (reading 'nodes')" (Wails
// v2.16 internal/frontend/runtime/dev/main.js). Wails serves that page, and only that one, a
// #wails-spinner element: there, DOMContentLoaded is stopped on its way down, so the overlay's listener never
// runs. Nothing in Gloss listens for DOMContentLoaded (modules run before it), and production is untouched.
export function skipWailsDevOverlay(doc: Document = document, win: Window = window) {
  if (!doc.getElementById('wails-spinner')) return
  win.addEventListener('DOMContentLoaded', (e) => e.stopPropagation(), { capture: true, once: true })
}
