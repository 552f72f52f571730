// How a document's length reads: Chinese, Japanese, Thai, Lao and Khmer are counted per character
// (store.CountWords), every other language in words.
export function countLabel(words: number, language?: string): string {
  const base = (language ?? '').toLowerCase().split(/[-_]/)[0]
  const unit = ['zh', 'ja', 'th', 'lo', 'km'].includes(base) ? (words === 1 ? 'character' : 'characters') : words === 1 ? 'word' : 'words'
  return `${words.toLocaleString()} ${unit}`
}

// Splits a snippet piece at its paragraph breaks (runs of line breaks), which the view marks.
export function blocks(s: string): string[] {
  return s.split(/[\r\n\u2029]+/)
}
