// Highlights for assistive technology (issue 20): n / p move the keyboard focus to the highlight they bring
// into view, which then carries a label with its tags and note, and a live region says the same.
type Tagged = { tags: string[]; note: string }

export function highlightLabel(a: Tagged, tagName: (id: string) => string | undefined): string {
  const tags = a.tags.map(tagName).filter(Boolean)
  const note = a.note.length > 120 ? a.note.slice(0, 120) + '…' : a.note
  return `Highlight${tags.length ? `, tagged ${tags.join(', ')}` : ', untagged'}${note ? `. Note: ${note}` : ''}`
}

// The first mark of the annotation takes the focus (without scrolling again) and describes itself; the
// text stays the mark's content, the label is its description (a mark's own name is not allowed in ARIA).
export function focusHighlight(article: HTMLElement, annId: string, label: string) {
  const mark = article.querySelector<HTMLElement>(`mark[data-a~="${CSS.escape(annId)}"]`)
  if (!mark) return
  let desc = document.getElementById('hl-desc')
  if (!desc) {
    desc = document.createElement('span')
    desc.id = 'hl-desc'
    desc.hidden = true
    document.body.append(desc)
  }
  desc.textContent = label
  mark.tabIndex = -1
  mark.setAttribute('aria-describedby', 'hl-desc')
  mark.setAttribute('title', label)
  mark.focus({ preventScroll: true })
}
