// Layout by script (issue 20): each block of the article takes its direction from its own text, as
// dir="auto" does — Arabic and Hebrew paragraphs read and align right to left inside a left-to-right
// window, and a mixed article keeps each paragraph's own direction. The Reader's blocks are Go-rendered
// HTML ({@html}), so the attribute is set on each top-level block as it is added.
export function autoDir(article: HTMLElement): () => void {
  const mark = () => {
    for (const el of article.children) if (!el.hasAttribute('dir')) el.setAttribute('dir', 'auto')
  }
  mark()
  const watch = new MutationObserver(mark)
  watch.observe(article, { childList: true })
  return () => watch.disconnect()
}
