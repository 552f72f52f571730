// The renderer marks every shown text run with data-o, the code-point offset of its first character in the
// document's canonical text. JS strings count UTF-16 units; these helpers convert exactly.

export function codePoints(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // a high surrogate followed by a low one is one code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

// UTF-16 index of the code point `cp` in s (s.length if cp is past the end).
export function utf16Index(s: string, cp: number): number {
  let i = 0
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.charCodeAt(i)
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1
  }
  return Math.min(i, s.length)
}

export function runOf(node: Node | null): HTMLElement | null {
  let n: Node | null = node
  while (n && !(n instanceof HTMLElement && n.dataset.o !== undefined)) n = n.parentNode
  return n as HTMLElement | null
}

// Canonical code-point offset of a DOM point (node, UTF-16 offset) inside a data-o run, or null outside runs.
export function canonicalOffset(node: Node, offset: number): number | null {
  const run = runOf(node)
  if (!run) return null
  const range = document.createRange()
  range.setStart(run, 0)
  range.setEnd(node, offset)
  return Number(run.dataset.o) + codePoints(range.toString())
}

// The DOM point for a canonical offset: the run containing it and the text node + UTF-16 offset inside.
export function domPoint(root: ParentNode, cp: number): { node: Text; offset: number } | null {
  const runs = Array.from(root.querySelectorAll<HTMLElement>('[data-o]'))
  for (const run of runs) {
    const start = Number(run.dataset.o)
    const text = run.textContent ?? ''
    const len = codePoints(text)
    if (cp < start || cp > start + len) continue
    let rest = cp - start
    const walker = document.createTreeWalker(run, NodeFilter.SHOW_TEXT)
    for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
      const n = codePoints(t.data)
      if (rest <= n) return { node: t, offset: utf16Index(t.data, rest) }
      rest -= n
    }
  }
  return null
}

// Canonical [start, end) of a DOM range inside root. A boundary that falls outside every run (between
// paragraphs, on an element edge) moves inward to the nearest run, so a sloppy drag still selects text.
export function rangeOffsets(root: ParentNode, range: Range): { start: number; end: number } | null {
  const runs = Array.from(root.querySelectorAll<HTMLElement>('[data-o]'))
  let start = canonicalOffset(range.startContainer, range.startOffset)
  let end = canonicalOffset(range.endContainer, range.endOffset)
  if (start === null) {
    const after = runs.find((r) => range.comparePoint(r, 0) >= 0 || range.intersectsNode(r))
    if (!after) return null
    start = Number(after.dataset.o)
  }
  if (end === null) {
    const before = [...runs].reverse().find((r) => range.comparePoint(r, 0) <= 0)
    if (!before) return null
    end = Number(before.dataset.o) + codePoints(before.textContent ?? '')
  }
  return end > start ? { start, end } : null
}

// Ids of the annotations drawn at a DOM node (a <mark data-a="id1 id2"> ancestor), innermost first.
export function annotationsAt(node: Node | null): string[] {
  for (let n: Node | null = node; n; n = n.parentNode) {
    if (n instanceof HTMLElement && n.dataset.a) return n.dataset.a.split(' ').reverse()
    if (n instanceof HTMLElement && n.dataset.o !== undefined) return []
  }
  return []
}
