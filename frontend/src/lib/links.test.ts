import { describe, expect, it, vi } from 'vitest'
import { installLinkGuard, linkTarget } from './links'

describe('linkTarget', () => {
  it('opens http, https and mailto only', () => {
    expect(linkTarget('https://example.org/a b')).toBe('https://example.org/a%20b')
    expect(linkTarget('HTTP://EXAMPLE.org')).toBe('http://example.org/')
    expect(linkTarget('mailto:a@example.org')).toBe('mailto:a@example.org')
    expect(linkTarget('https://bücher.example/')).toBe('https://xn--bcher-kva.example/')
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'data:text/html,x', '/relative', '#x', '', null]) expect(linkTarget(bad)).toBeNull()
  })
})

describe('installLinkGuard', () => {
  it('stops every link click and asks before opening', () => {
    const open = vi.fn(async () => {})
    ;(window as any).go = { app: { App: { OpenLink: open } } }
    const ask = vi.fn(() => false)
    installLinkGuard(document, ask)
    document.body.innerHTML = '<p><a href="https://example.org/x"><span data-o="0">x</span></a> <a>y</a></p>'
    const [a, plain] = document.querySelectorAll('a')
    const click = new MouseEvent('click', { bubbles: true, cancelable: true })
    a.querySelector('span')!.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    expect(ask).toHaveBeenCalledWith(expect.stringContaining('https://example.org/x'))
    expect(open).not.toHaveBeenCalled()
    ask.mockReturnValue(true)
    a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
    expect(open).toHaveBeenCalledWith('https://example.org/x')
    const other = new MouseEvent('click', { bubbles: true, cancelable: true })
    plain.dispatchEvent(other)
    expect(other.defaultPrevented).toBe(true)
    expect(ask).toHaveBeenCalledTimes(2)
    const middle = new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 })
    a.dispatchEvent(middle)
    expect(middle.defaultPrevented).toBe(true)
  })
})
