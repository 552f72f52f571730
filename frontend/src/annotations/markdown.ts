// Notes rendered as Markdown for display: through Go's RenderMarkdown (goldmark via render/: raw HTML
// dropped, links only http, https and mailto), each distinct text once per session.
import { api } from '../lib/api'

const cache = new Map<string, Promise<string>>()
const limit = 500 // distinct notes remembered

export function renderNote(md: string, render: (md: string) => Promise<string> = api.renderMarkdown): Promise<string> {
  if (!md.trim()) return Promise.resolve('')
  let html = cache.get(md)
  if (!html) {
    html = render(md).catch((e) => {
      cache.delete(md) // a failed render is tried again next time
      throw e
    })
    if (cache.size >= limit) cache.delete(cache.keys().next().value!)
    cache.set(md, html)
  }
  return html
}
