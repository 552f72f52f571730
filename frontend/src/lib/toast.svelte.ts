// The one-line message at the bottom of the window.
export const toasts = $state({ text: '' })

let timer: ReturnType<typeof setTimeout> | undefined
export function toast(msg: string) {
  toasts.text = msg
  clearTimeout(timer)
  timer = setTimeout(() => (toasts.text = ''), 2500)
}
