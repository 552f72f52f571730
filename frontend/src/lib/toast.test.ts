import { describe, expect, it, vi } from 'vitest'
import { readingTime, toast, toasts } from './toast.svelte'

describe('toast', () => {
  it('stays 2.5 s, or as long as it is told', () => {
    vi.useFakeTimers()
    toast('Saved')
    vi.advanceTimersByTime(2400)
    expect(toasts.text).toBe('Saved')
    vi.advanceTimersByTime(200)
    expect(toasts.text).toBe('')
    toast('a long note', 10_000)
    vi.advanceTimersByTime(9000)
    expect(toasts.text).toBe('a long note')
    vi.advanceTimersByTime(1100)
    expect(toasts.text).toBe('')
    vi.useRealTimers()
  })
  it('gives a long message time to be read, within bounds', () => {
    expect(readingTime('Saved')).toBe(2500)
    expect(readingTime('x'.repeat(200))).toBe(10_000)
    expect(readingTime('x'.repeat(5000))).toBe(15_000)
  })
})
