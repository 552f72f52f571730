import { describe, expect, it, vi } from 'vitest'
import { skipWailsDevOverlay } from './wailsdev'

describe('skipWailsDevOverlay', () => {
  it("keeps Wails' dev overlay listener from running on the dev page", () => {
    const spinner = document.createElement('div')
    spinner.id = 'wails-spinner'
    document.body.append(spinner)
    const overlay = vi.fn()
    window.addEventListener('DOMContentLoaded', overlay)
    skipWailsDevOverlay()
    document.dispatchEvent(new Event('DOMContentLoaded', { bubbles: true }))
    window.removeEventListener('DOMContentLoaded', overlay)
    spinner.remove()
    expect(overlay).not.toHaveBeenCalled()
  })

  it('changes nothing on any other page (production)', () => {
    const listener = vi.fn()
    window.addEventListener('DOMContentLoaded', listener)
    skipWailsDevOverlay()
    document.dispatchEvent(new Event('DOMContentLoaded', { bubbles: true }))
    window.removeEventListener('DOMContentLoaded', listener)
    expect(listener).toHaveBeenCalledOnce()
  })
})
