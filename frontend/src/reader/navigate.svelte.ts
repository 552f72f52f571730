// Going to a place in the text: an annotation (the side panel, n / p, another view's link), a range of
// code points (search hits, Ctrl+F) selected so that it can be tagged like any other selection.
import { api } from '../lib/api'
import { domPoint } from '../lib/offsets'
import { authorFilter } from '../lib/authors.svelte'
import { toast } from '../lib/toast.svelte'
import { focusHighlight, highlightLabel } from './announce'
import type { ReaderState } from './state.svelte'
import type { BlockWindow } from './window.svelte'

export class Navigator {
  announced = $state('') // what n / p last moved to, for the live region
  private doc: ReaderState
  private win: BlockWindow
  private article: () => HTMLElement | undefined
  private tagName: (id: string) => string | undefined

  constructor(doc: ReaderState, win: BlockWindow, article: () => HTMLElement | undefined, tagName: (id: string) => string | undefined) {
    this.doc = doc
    this.win = win
    this.article = article
    this.tagName = tagName
  }

  async toAnnotation(annId: string, start?: number) {
    start ??= this.doc.annotations.find((a) => a.id === annId)?.start
    if (start === undefined) start = (await api.annotation(annId).catch(() => null))?.start
    if (start !== undefined) await this.win.bringIntoWindow(start)
    const article = this.article()
    const sel = `mark[data-a~="${CSS.escape(annId)}"]`
    const mark = article?.querySelector<HTMLElement>(sel)
    if (!article || !mark) return
    mark.scrollIntoView({ block: 'center' })
    for (const m of article.querySelectorAll(sel)) {
      m.classList.add('flash')
      setTimeout(() => m.classList.remove('flash'), 1200)
    }
    this.doc.currentId = annId
  }

  // n / p go through the highlights that pass the filters, in text order: Go says where.
  async step(dir: 1 | -1) {
    if (this.doc.viewing) return // an old version is read-only and has no highlights
    try {
      const a = await api.readerStep(this.doc.id, this.doc.filterTag, authorFilter.author, this.doc.currentId, dir)
      if (a.id) {
        await this.toAnnotation(a.id, a.start)
        const ann = this.doc.known(a.id) ?? (await api.annotation(a.id).catch(() => null))
        const article = this.article()
        if (ann && article) focusHighlight(article, a.id, (this.announced = highlightLabel(ann, this.tagName)))
      }
    } catch (e) {
      toast(String(e))
    }
  }

  // Select [start, end) of the canonical text on screen.
  async reveal(start: number, end: number) {
    await this.win.bringIntoWindow(start)
    const article = this.article()
    if (!article) return
    const a = domPoint(article, start)
    const b = domPoint(article, end)
    if (!a || !b) return
    const r = document.createRange()
    r.setStart(a.node, a.offset)
    r.setEnd(b.node, b.offset)
    const sel = getSelection()!
    sel.removeAllRanges()
    sel.addRange(r)
    a.node.parentElement?.scrollIntoView({ block: 'center' })
  }
}
