// Paragraph virtualization for long documents: only blocks near the viewport are in the DOM (measured in
// WebKitGTK: laying out a whole 1 MB article costs 260-380 ms before any highlight exists). Heights start as
// estimates and are replaced by measured ones; prefix sums give each block's top.

export class HeightIndex {
  private heights: Float64Array
  private prefix: Float64Array
  private dirtyFrom = 0

  constructor(estimates: number[]) {
    this.heights = Float64Array.from(estimates)
    this.prefix = new Float64Array(estimates.length + 1)
    this.dirtyFrom = 0
  }

  get length() {
    return this.heights.length
  }

  // set records a measured height; false when it did not change.
  set(i: number, h: number): boolean {
    if (this.heights[i] === h) return false
    this.heights[i] = h
    this.dirtyFrom = Math.min(this.dirtyFrom, i)
    return true
  }

  private refresh() {
    if (this.dirtyFrom > this.heights.length) return
    for (let i = this.dirtyFrom; i < this.heights.length; i++) this.prefix[i + 1] = this.prefix[i] + this.heights[i]
    this.dirtyFrom = Infinity
  }

  // top of block i (i = length gives the total height)
  offset(i: number): number {
    this.refresh()
    return this.prefix[Math.max(0, Math.min(i, this.heights.length))]
  }

  total(): number {
    return this.offset(this.heights.length)
  }

  // index of the block containing y (clamped)
  indexAt(y: number): number {
    this.refresh()
    let lo = 0
    let hi = this.heights.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.prefix[mid] <= y) lo = mid
      else hi = mid - 1
    }
    return Math.max(0, lo)
  }
}

// A paragraph's height before it was ever measured: lines of text plus its margin.
export function estimateHeight(chars: number, charsPerLine: number, lineHeight: number, gap: number): number {
  return Math.max(1, Math.ceil(chars / Math.max(1, charsPerLine))) * lineHeight + gap
}

// The blocks [first, last) to render for a viewport [top, top + height) in article coordinates, with one
// screen of margin each side.
export function windowFor(index: HeightIndex, top: number, height: number): [number, number] {
  if (index.length === 0) return [0, 0]
  const first = index.indexAt(Math.max(0, top - height))
  const last = index.indexAt(top + 2 * height) + 1
  return [first, Math.min(index.length, last)]
}

// Block containing code point cp (blocks sorted by start).
export function blockAt(blocks: { start: number; end: number }[], cp: number): number {
  let lo = 0
  let hi = blocks.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (blocks[mid].start <= cp) lo = mid
    else hi = mid - 1
  }
  return lo
}
