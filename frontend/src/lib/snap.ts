// Snapping a selection to whole words (issue 17): a drag that starts or ends inside a word takes the
// whole word, in every script (Intl.Segmenter's word boundaries: spaces in Latin and Arabic, the
// dictionary segmentation of Chinese and Japanese), and leading or trailing white space is dropped.
// Holding Alt keeps the selection exactly as dragged (the Reader decides; this is the pure logic).

const segmenters = new Map<string, Intl.Segmenter>()
function segmenter(locale?: string): Intl.Segmenter {
  const key = locale ?? ''
  let s = segmenters.get(key)
  if (!s) {
    s = new Intl.Segmenter(locale || undefined, { granularity: 'word' })
    segmenters.set(key, s)
  }
  return s
}

// The word-like segment of text that strictly contains UTF-16 index at (a boundary at `at` is no
// word to widen), or null.
function wordAround(text: string, at: number, locale?: string): { start: number; end: number } | null {
  if (at <= 0 || at >= text.length) return null
  const seg = segmenter(locale).segment(text).containing(at)
  if (!seg || !seg.isWordLike) return null
  const start = seg.index
  const end = seg.index + seg.segment.length
  return start < at && at < end ? { start, end } : null
}

/** snapToWords widens [start, end) (UTF-16 indices of text) to whole words and trims white space at
 *  its edges. An empty or all-space range comes back as it was. */
export function snapToWords(text: string, start: number, end: number, locale?: string): { start: number; end: number } {
  let s = start
  let e = end
  while (s < e && /\s/.test(text[s])) s++
  while (e > s && /\s/.test(text[e - 1])) e--
  if (s >= e) return { start, end }
  const ws = wordAround(text, s, locale)
  if (ws) s = ws.start
  const we = wordAround(text, e, locale)
  if (we) e = we.end
  return { start: s, end: e }
}

/** snapRange applies snapToWords to a DOM range's ends inside their text nodes (a word cut by a
 *  highlight's <mark> edge is snapped within its piece). */
export function snapRange(range: Range, locale?: string): Range {
  const r = range.cloneRange()
  const sc = r.startContainer
  const ec = r.endContainer
  if (sc.nodeType === Node.TEXT_NODE) {
    const t = (sc as Text).data
    const { start } = snapToWords(t, r.startOffset, sc === ec ? r.endOffset : t.length, locale)
    r.setStart(sc, start)
  }
  if (ec.nodeType === Node.TEXT_NODE) {
    const t = (ec as Text).data
    const { end } = snapToWords(t, sc === ec ? r.startOffset : 0, r.endOffset, locale)
    r.setEnd(ec, end)
  }
  return r
}
