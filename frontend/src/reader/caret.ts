// Caret browsing (issue 20; F7, as in browsers): a caret in the article that the arrow keys move, by
// character and line (Ctrl: by word); Shift+arrows then extend the selection from it (the Reader's
// keyboard selection). The caret is the selection's focus point, drawn as a thin bar since the article
// is not editable and the browser draws none.
const grains: Record<string, [('forward' | 'backward'), ('character' | 'line')]> = {
  ArrowRight: ['forward', 'character'], ArrowLeft: ['backward', 'character'],
  ArrowDown: ['forward', 'line'], ArrowUp: ['backward', 'line'],
}

export class Caret {
  on = false
  private bar: HTMLElement | null = null
  private redraw = () => this.draw()

  constructor(private article: () => HTMLElement | undefined) {}

  toggle(): boolean {
    this.on = !this.on
    if (this.on) {
      const article = this.article()
      const sel = getSelection()
      if (article && sel && (!sel.rangeCount || !article.contains(sel.focusNode))) {
        const runs = Array.from(article.querySelectorAll<HTMLElement>('[data-o]'))
        const run = runs.find((r) => r.getBoundingClientRect().bottom > 0) ?? runs[0]
        const text = run && document.createTreeWalker(run, NodeFilter.SHOW_TEXT).nextNode()
        if (text) sel.collapse(text, 0)
      }
      document.addEventListener('selectionchange', this.redraw)
      this.draw()
    } else {
      document.removeEventListener('selectionchange', this.redraw)
      this.bar?.remove()
      this.bar = null
    }
    return this.on
  }

  // An arrow without Shift moves the caret; true when the key was taken.
  move(key: string, byWord: boolean): boolean {
    const sel = getSelection() as Selection & { modify?: (a: string, d: string, g: string) => void }
    const g = grains[key]
    if (!this.on || !g || !sel?.modify || !sel.focusNode) return false
    if (!sel.isCollapsed) sel.collapse(sel.focusNode, sel.focusOffset)
    sel.modify('move', g[0], byWord && g[1] === 'character' ? 'word' : g[1])
    const article = this.article()
    const el = sel.focusNode?.parentElement
    if (el && article?.contains(el)) el.scrollIntoView({ block: 'nearest' })
    return true
  }

  private draw() {
    const sel = getSelection()
    const article = this.article()
    if (!this.on || !sel?.focusNode || !article?.contains(sel.focusNode)) {
      if (this.bar) this.bar.style.display = 'none'
      return
    }
    const r = document.createRange()
    r.setStart(sel.focusNode, sel.focusOffset)
    r.collapse(true)
    const box = r.getClientRects()[0] ?? (sel.focusNode.parentElement?.getBoundingClientRect() as DOMRect | undefined)
    if (!box) return
    if (!this.bar) {
      this.bar = document.createElement('div')
      this.bar.className = 'caret-bar'
      this.bar.setAttribute('aria-hidden', 'true')
      document.body.append(this.bar)
    }
    Object.assign(this.bar.style, {
      display: 'block', position: 'fixed', left: `${box.left}px`, top: `${box.top}px`, width: '2px',
      height: `${box.height || 18}px`, background: 'var(--fg)', pointerEvents: 'none', zIndex: '5',
    })
  }

  destroy() {
    if (this.on) this.toggle()
  }
}
