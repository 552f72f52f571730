// From a selection in the article to an annotation: the popover (a new selection, or an existing
// annotation clicked), the hover card, the digits that tag a selection at once, and Review's re-attach
// (the next selection is the annotation's new place).
import { tick } from 'svelte'
import { api, type Annotation, type Tag } from '../lib/api'
import { annotationsAt, rangeOffsets } from '../lib/offsets'
import { digitTags } from '../lib/tags'
import { reattaching, takeReattach } from '../lib/intents.svelte'
import { toast } from '../lib/toast.svelte'
import { library, reloadTags, changed } from '../lib/changes.svelte'
import { snapRange } from '../lib/snap'
import type { ReaderState } from './state.svelte'

export type Editor = { start: number; end: number; quote: string; x: number; y: number; annotation: Annotation | null; focused: boolean }

export class Selection {
  editor = $state<Editor | null>(null) // the popover
  hover = $state<{ x: number; y: number; ids: string[] } | null>(null)
  private doc: ReaderState
  private article: () => HTMLElement | undefined

  constructor(doc: ReaderState, article: () => HTMLElement | undefined) {
    this.doc = doc
    this.article = article
  }

  // The article's selection in code points, with where the popover goes; snapped to whole words
  // (lib/snap.ts) when snap.
  current(snap = false) {
    const article = this.article()
    const sel = getSelection()
    if (!sel || sel.isCollapsed || sel.rangeCount === 0 || !article) return null
    let range = sel.getRangeAt(0)
    if (!article.contains(range.commonAncestorContainer)) return null
    if (snap) {
      range = snapRange(range, this.doc.reading?.doc.meta?.language || undefined)
      sel.removeAllRanges()
      sel.addRange(range)
    }
    const off = rangeOffsets(article, range)
    if (!off) return null
    const rect = range.getBoundingClientRect()
    return { ...off, quote: sel.toString().trim(), x: rect.left, y: rect.bottom + 8 }
  }

  // A selection ended (mouse up, Shift released, a find hit kept): the popover opens on it, or it is the
  // new place of the annotation being re-attached.
  async ended(snap?: unknown) {
    const s = this.current(snap === true)
    if (s && reattaching()) {
      const annId = takeReattach()
      try {
        await api.reattach(annId, s.start, s.end)
        getSelection()?.removeAllRanges()
        toast('Annotation re-attached')
        await this.doc.load(false)
        changed()
      } catch (e) {
        toast(String(e))
      }
      return
    }
    if (s) {
      this.hover = null
      this.editor = { ...s, annotation: null, focused: false }
    } else if (this.editor && !this.editor.annotation && !this.editor.focused) {
      this.editor = null
    }
  }

  async openAnnotation(annId: string, x: number, y: number) {
    const a = await api.annotation(annId) // the list carries shortened quotes
    this.editor = { start: a.start, end: a.end, quote: a.exact, x, y, annotation: a, focused: true }
  }

  click(e: MouseEvent) {
    const sel = getSelection()
    if (sel && !sel.isCollapsed) return
    const ids = annotationsAt(e.target as Node)
    // a highlight may be past the loaded pages: Annotation(id) has it
    const hit = ids.find((i) => this.doc.annMap.has(i)) ?? (!this.doc.viewing ? ids[0] : undefined)
    if (hit) this.openAnnotation(hit, e.clientX, e.clientY + 16)
  }

  over(e: MouseEvent) {
    const ids = annotationsAt(e.target as Node)
    this.hover = ids.length && !this.editor ? { x: e.clientX, y: e.clientY, ids } : null
    if (this.hover && !this.doc.viewing) this.doc.fetchUnknown(ids)
  }

  async createTag(name: string): Promise<Tag | null> {
    try {
      const t = await api.createTag(name, '')
      await reloadTags()
      return t
    } catch (e) {
      toast(String(e))
      return null
    }
  }

  async save(tags: string[], note: string) {
    const ed = this.editor
    if (!ed) return
    // Close first: the person may already be selecting the next passage when the save returns.
    this.editor = null
    if (!ed.annotation) getSelection()?.removeAllRanges()
    try {
      const c = ed.annotation
        ? await api.updateAnnotation(ed.annotation.id, tags, note)
        : await api.annotate(this.doc.id, ed.start, ed.end, tags, note)
      this.doc.applyChange(c)
      changed()
    } catch (e) {
      toast(String(e))
    }
  }

  async remove() {
    if (!this.editor?.annotation) return
    try {
      const gone = this.editor.annotation.id
      this.doc.applyChange(await api.deleteAnnotation(gone))
      this.doc.removed(gone)
      this.editor = null
      changed()
      toast('Annotation deleted (Ctrl+Z to undo)')
    } catch (e) {
      toast(String(e))
    }
  }

  // Digit n tags the selection with the n-th tag at once.
  async quickTag(n: number) {
    const s = this.current()
    const tag = digitTags(library.tags)[n - 1]
    if (!s) return
    if (!tag) {
      toast(`No tag ${n} yet: create tags in the popover or the Tags view`)
      return
    }
    getSelection()?.removeAllRanges()
    this.editor = null
    try {
      this.doc.applyChange(await api.annotate(this.doc.id, s.start, s.end, [tag.id], ''))
      changed()
      toast(`Tagged “${tag.name}”`)
      tick().then(() => requestAnimationFrame(() => api.painted('annotated', { marks: this.marks(), tag: tag.name })))
    } catch (e) {
      toast(String(e))
    }
  }

  marks = () => this.article()?.querySelectorAll('mark').length ?? 0

  // Keyboard selection: Shift+arrows extend by character or line, Ctrl+Shift+arrows by word, starting at
  // the first line on screen when nothing is selected (the reader is not editable, so there is no caret).
  extend(key: string, byWord: boolean) {
    const article = this.article()
    const sel = getSelection()
    if (!sel || !article) return
    if (!sel.rangeCount || !article.contains(sel.anchorNode)) {
      const runs = Array.from(article.querySelectorAll<HTMLElement>('[data-o]'))
      const run = runs.find((r) => r.getBoundingClientRect().bottom > 0) ?? runs[0]
      const text = run && document.createTreeWalker(run, NodeFilter.SHOW_TEXT).nextNode()
      if (!text) return
      sel.collapse(text, 0)
    }
    const forward = key === 'ArrowRight' || key === 'ArrowDown'
    const unit = key === 'ArrowUp' || key === 'ArrowDown' ? 'line' : byWord ? 'word' : 'character'
    sel.modify('extend', forward ? 'forward' : 'backward', unit)
  }

  // Esc closes the popover and clears the selection (issue 20); false when there was neither.
  escape(): boolean {
    const sel = getSelection()
    const selected = !!sel && !sel.isCollapsed && !!this.article()?.contains(sel.anchorNode)
    if (!this.editor && !selected) return false
    this.editor = null
    if (selected) sel!.removeAllRanges()
    return true
  }
}
