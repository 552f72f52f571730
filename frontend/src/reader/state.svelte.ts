// One document open in the Reader: what Go sent for it (the reading, its blocks, the side panel's pages,
// the authors, the versions), which version is shown, the side panel's filter and place. The rules on
// what changes are in model.ts; the window of rendered blocks is window.svelte.ts, the selection and
// popover selection.svelte.ts.
//
// One path for every document size: the side panel holds the pages of the list loaded so far (Open sends
// the first with the text when it is short, ReaderAnnotations the rest), shown PAGE at a time; Go answers
// everything else: the authors, which highlights on screen pass the filters (ReaderMatches), where n / p
// go (ReaderStep). It is cheap behind Go's render cache.
import { api, type AuthorCount, type Block, type Change, type ListedAnnotation, type Reading, type VersionInfo } from '../lib/api'
import { toast } from '../lib/toast.svelte'
import { changed } from '../lib/changes.svelte'
import { PAGE, keptShown, withAnnotation, withChanged, withPage } from './model'

export class ReaderState {
  readonly id: string
  reading = $state<Reading | null>(null)
  // Replaced, never mutated (model.ts builds new arrays): no deep proxies for thousands of blocks.
  blocks = $state.raw<Block[]>([])
  // Long documents render only the blocks near the viewport (window.svelte.ts); Go says which.
  virtual = $state(false)
  annotations = $state<ListedAnnotation[]>([]) // the pages of the side panel's list loaded so far
  total = $state(0) // the document's annotations
  shown = $state(PAGE) // entries of the list shown
  authors = $state.raw<AuthorCount[]>([])
  fetched = $state.raw(new Map<string, ListedAnnotation>()) // annotations outside the loaded pages (hover cards)
  versions = $state<VersionInfo[]>([])
  viewing = $state(0) // an old version shown read-only; 0 = current
  error = $state('')
  opened = $state(0) // counts first loads: the header takes the title and date from each
  saved = $state('') // "Saved" after the metadata was saved
  filterTag = $state('')
  currentId = $state('') // the annotation n / p last went to
  readonly annMap = $derived(new Map(this.annotations.map((a) => [a.id, a])))
  private loadingMore = false

  constructor(id: string) {
    this.id = id
  }

  // An annotation of the document, when the list or a hover card has it.
  known(annId: string): ListedAnnotation | undefined {
    return this.annMap.get(annId) ?? this.fetched.get(annId)
  }

  // Load (first) or reload what is shown. What the panel needs beyond Open's reply follows once the text
  // is painted, so it does not compete with the first paint; a reload keeps as many entries as were shown.
  async load(first: boolean, opened = { reply: api.open(this.id), at: performance.now() }) {
    try {
      const r = await opened.reply
      ;(window as unknown as { glossOpenCall: number }).glossOpenCall = performance.now() - opened.at
      const keep = keptShown(first, this.shown)
      this.reading = r
      this.blocks = r.blocks
      this.virtual = r.virtual
      this.fetched = new Map()
      this.annotations = r.annotations
      this.total = r.annotationCount
      if (first) this.shown = PAGE
      const rest = async () => {
        try {
          if (this.annotations.length < Math.min(this.total, keep)) {
            const p = await api.readerAnnotations(this.id, 0, keep)
            this.annotations = p.annotations
            this.total = p.total
          }
          this.authors = await api.readerAuthors(this.id)
        } catch (e) {
          toast(String(e))
        }
      }
      if (first) this.opened++
      if (first) window.addEventListener('gloss:painted', () => setTimeout(rest, 50), { once: true })
      else rest()
    } catch (e) {
      this.error = String(e)
    }
  }

  // The next PAGE entries of the list, loading the page from Go when it is not there yet.
  async moreAnnotations() {
    if (this.loadingMore || this.shown >= this.total) return
    this.loadingMore = true
    try {
      if (this.annotations.length < Math.min(this.total, this.shown + PAGE)) {
        const p = await api.readerAnnotations(this.id, this.annotations.length, PAGE)
        this.annotations = withPage(this.annotations, p.annotations)
        this.total = p.total
      }
      this.shown += PAGE
    } catch (e) {
      toast(String(e))
    } finally {
      this.loadingMore = false
    }
  }

  // An annotation was created, changed or deleted: repaint the blocks it touched, update the list.
  applyChange(c: Change) {
    this.blocks = withChanged(this.blocks, c.blocks)
    if (c.annotation) this.annotations = withAnnotation(this.annotations, this.total, c.annotation)
  }

  removed(annId: string) {
    this.annotations = this.annotations.filter((a) => a.id !== annId)
  }

  // The hover card of a highlight outside the loaded pages.
  async fetchUnknown(ids: string[]) {
    for (const i of ids) {
      if (this.annMap.has(i) || this.fetched.has(i)) continue
      this.fetched.set(i, null as unknown as ListedAnnotation) // asked once
      try {
        const a = await api.annotation(i)
        this.fetched = new Map(this.fetched).set(i, a)
      } catch {
        this.fetched.delete(i)
      }
    }
  }

  async reloadVersions() {
    this.versions = await api.versions(this.id)
  }

  // Show version n (the current one: back to the document with its highlights). The caller sets the
  // window up again.
  async showVersion(n: number) {
    this.viewing = n === this.reading?.doc.version ? 0 : n
    if (this.viewing) {
      const r = await api.openVersion(this.id, n)
      this.blocks = r.blocks
      this.virtual = r.virtual
      this.annotations = r.annotations // as they were on that version (reading.OpenVersion)
      this.total = r.annotations.length
      this.authors = []
    } else {
      await this.load(false)
    }
  }

  // Replace the text with a corrected version the person picks; its annotations are re-anchored in Go.
  async newVersion() {
    try {
      const r = await api.newVersionDialog(this.id)
      if (!r) return
      toast(`Version ${r.to}: ${r.exact + r.moved} placed, ${r.fuzzy} to check, ${r.orphan} orphaned${r.warning ? `; ${r.warning}` : ''}`)
      await this.reloadVersions()
      await this.load(true)
      changed()
    } catch (e) {
      toast(String(e)) // api.ts's BackendError carries the message without its "Error: "
    }
  }

  async deleteDocument(onback: () => void) {
    try {
      await api.deleteDocument(this.id)
      toast('Article deleted (Ctrl+Z to undo)')
      changed()
      onback()
    } catch (e) {
      toast(String(e))
    }
  }

  // The title and date as typed; false when nothing changed. What Go stored replaces them unless the
  // person typed on meanwhile (the header keeps that).
  async saveMetadata(title: string, date: string): Promise<{ title: string; date: string } | null> {
    if (!this.reading || (title === this.reading.doc.title && date === this.reading.doc.date)) return null
    this.reading.doc = await api.setMetadata(this.id, title, date)
    this.saved = 'Saved'
    setTimeout(() => (this.saved = ''), 1500)
    return { title: this.reading.doc.title, date: this.reading.doc.date }
  }
}
