// The window of a long document's blocks that is in the DOM (lib/virtual.ts: heights start as estimates
// and are replaced by measured ones). Go says which documents are virtualized (Reading.virtual) and sends
// their blocks' HTML window by window: what the window lacks is fetched as it moves.
import { tick, untrack } from 'svelte'
import { api } from '../lib/api'
import { HeightIndex, blockAt, estimateHeight, windowFor } from '../lib/virtual'
import { missingRange, windowMissing, withFetched } from './model'
import type { ReaderState } from './state.svelte'

export class BlockWindow {
  private doc: ReaderState
  private article: () => HTMLElement | undefined
  first = $state(0)
  last = $state(0)
  padTop = $state(0)
  padBottom = $state(0)
  // the blocks rendered, with their indexes
  readonly visible = $derived.by(() => this.rendered())
  private heights: HeightIndex | null = null
  private fetching = false

  // Made while a component initializes: the window's moves fetch and measure (an effect of that component).
  constructor(doc: ReaderState, article: () => HTMLElement | undefined) {
    this.doc = doc
    this.article = article
    $effect(() => {
      void this.first
      void this.last
      if (this.doc.virtual) untrack(() => this.fetchMissing()).then(tick).then(() => this.measure())
    })
  }

  private rendered() {
    return this.doc.virtual ? this.doc.blocks.slice(this.first, this.last).map((b, k) => ({ b, i: this.first + k })) : []
  }

  // Estimate every block's height for the article's width and font; then place the window.
  setup() {
    const article = this.article()
    if (!this.doc.virtual || !article) return
    const fontPx = parseFloat(getComputedStyle(article).fontSize) || 19
    const perLine = Math.max(20, Math.floor(article.clientWidth / (fontPx * 0.48)))
    this.heights = new HeightIndex(this.doc.blocks.map((b) => estimateHeight(b.end - b.start, perLine, fontPx * 1.65, fontPx * 1.1)))
    this.update()
  }

  // Called on scroll and resize: render the blocks around the viewport.
  update() {
    const article = this.article()
    if (!this.doc.virtual || !this.heights || !article) return
    const top = -article.getBoundingClientRect().top // viewport top in article coordinates
    const [f, l] = windowFor(this.heights, Math.max(0, top), window.innerHeight)
    if (f !== this.first || l !== this.last) {
      this.first = f
      this.last = l
    }
    this.pad()
  }

  private pad() {
    if (!this.heights) return
    this.padTop = this.heights.offset(this.first)
    this.padBottom = this.heights.total() - this.heights.offset(this.last)
  }

  // Measure what is rendered.
  measure() {
    const article = this.article()
    if (!this.heights || !article) return
    let changed = false
    for (const el of article.querySelectorAll<HTMLElement>(':scope > .blk')) {
      changed = this.heights.set(Number(el.dataset.i), el.offsetHeight) || changed
    }
    if (changed) this.pad()
  }

  // Long documents arrive as block ranges with the first blocks' HTML: fetch what the window lacks.
  async fetchMissing() {
    if (this.fetching) return
    const span = missingRange(this.doc.blocks, this.first, this.last)
    if (!span) return
    this.fetching = true
    try {
      const got = await api.blocks(this.doc.id, span[0], span[1])
      this.doc.blocks = withFetched(this.doc.blocks, span[0], got)
    } finally {
      this.fetching = false
    }
    if (windowMissing(this.doc.blocks, this.first, this.last)) await this.fetchMissing()
  }

  // In a virtualized document, scroll the block holding code point cp into the rendered window and load
  // its HTML, so its runs and marks exist in the DOM.
  async bringIntoWindow(cp: number) {
    const article = this.article()
    if (!this.doc.virtual || !this.heights || !article) return
    const i = blockAt(this.doc.blocks, cp)
    const articleTop = article.getBoundingClientRect().top + window.scrollY
    window.scrollTo(0, articleTop + this.heights.offset(i) - window.innerHeight / 3)
    this.update()
    await this.fetchMissing()
    await tick()
  }
}
