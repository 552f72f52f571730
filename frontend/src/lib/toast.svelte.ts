// The one-line message at the bottom of the window.
export const toasts = $state({ text: '' })

let timer: ReturnType<typeof setTimeout> | undefined
// ms: how long it stays; a long message (a sync round's note) is given time to be read.
export function toast(msg: string, ms = 2500) {
  toasts.text = msg
  clearTimeout(timer)
  timer = setTimeout(() => (toasts.text = ''), ms)
}

// The time to read a message of n characters (about 20 a second), at least the usual 2.5 s, at most 15 s.
export const readingTime = (msg: string) => Math.min(15_000, Math.max(2500, [...msg].length * 50))
