// Where a popover goes beside a passage (issue 17): below it when it fits, else above it, else on the
// side with more room; never over the passage when either side has room, and never past the window's
// edges (margin 8 px). passage is the passage's box on screen, box the popover's size.
export function besidePassage(
  passage: { left: number; top: number; bottom: number },
  box: { width: number; height: number },
  view: { width: number; height: number },
): { left: number; top: number } {
  const m = 8
  const gap = 8
  const below = passage.bottom + gap
  const above = passage.top - gap - box.height
  let top: number
  if (below + box.height <= view.height - m) top = below
  else if (above >= m) top = above
  else top = view.height - passage.bottom > passage.top ? below : above // neither fits: the roomier side
  top = Math.max(m, Math.min(top, view.height - m - box.height))
  const left = Math.max(m, Math.min(passage.left, view.width - m - box.width))
  return { left, top }
}

// The quote as a popover shows it: whole, wrapped, up to limit code points, cut at a word boundary
// with an ellipsis beyond that (never mid-word, never mid-line by a clipped box).
export function shortQuote(q: string, limit = 280): string {
  const cps = [...q]
  if (cps.length <= limit) return q
  const cut = cps.slice(0, limit).join('')
  const at = cut.search(/\s\S*$/)
  return (at > limit / 2 ? cut.slice(0, at) : cut).trimEnd() + '…'
}
