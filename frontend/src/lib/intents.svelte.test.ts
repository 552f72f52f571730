import { describe, expect, it } from 'vitest'
import { flushSync } from 'svelte'
import {
  askAddURLs,
  askFocus,
  askMerge,
  askReattach,
  reattaching,
  takeAddURLs,
  takeFocus,
  takeMerge,
  takeReattach,
} from './intents.svelte'

describe('intents', () => {
  it('a focus request is taken once, annotation before range', () => {
    expect(takeFocus()).toBeNull()
    askFocus('a1', { start: 3, end: 9 })
    expect(takeFocus()).toEqual({ annotation: 'a1' })
    expect(takeFocus()).toBeNull()
    const r = { start: 3, end: 9 }
    askFocus('', r)
    r.start = 100 // the asker's object is copied
    expect(takeFocus()).toEqual({ range: { start: 3, end: 9 } })
    expect(takeFocus()).toBeNull()
  })

  it('a later focus request replaces an earlier one, and an empty one clears it', () => {
    askFocus('a1')
    askFocus('a2')
    expect(takeFocus()).toEqual({ annotation: 'a2' })
    askFocus('a3')
    askFocus()
    expect(takeFocus()).toBeNull()
  })

  it('re-attach stands until taken', () => {
    expect(reattaching()).toBe('')
    askReattach('ann')
    expect(reattaching()).toBe('ann')
    expect(reattaching()).toBe('ann')
    expect(takeReattach()).toBe('ann')
    expect(reattaching()).toBe('')
    expect(takeReattach()).toBe('')
  })

  it('merge is taken once', () => {
    expect(takeMerge()).toBe(false)
    askMerge()
    askMerge()
    expect(takeMerge()).toBe(true)
    expect(takeMerge()).toBe(false)
  })

  it('links for Add from URL: [] opens the dialog, a list is copied, taken once', () => {
    expect(takeAddURLs()).toBeNull()
    askAddURLs()
    expect(takeAddURLs()).toEqual([])
    expect(takeAddURLs()).toBeNull()
    const links = ['https://a.example/1']
    askAddURLs(links)
    links.push('https://b.example/2')
    expect(takeAddURLs()).toEqual(['https://a.example/1'])
    expect(takeAddURLs()).toBeNull()
  })

  it('an effect that takes the links runs again when new ones arrive', () => {
    const seen: (string[] | null)[] = []
    const stop = $effect.root(() => {
      $effect(() => {
        const u = takeAddURLs()
        if (u) seen.push(u)
      })
    })
    flushSync()
    askAddURLs(['https://a.example/'])
    flushSync()
    askAddURLs(['https://b.example/'])
    flushSync()
    stop()
    expect(seen).toEqual([['https://a.example/'], ['https://b.example/']])
  })

  it('the re-attach banner follows the request', () => {
    const shown: string[] = []
    const stop = $effect.root(() => {
      $effect(() => {
        shown.push(reattaching())
      })
    })
    flushSync()
    askReattach('x')
    flushSync()
    takeReattach()
    flushSync()
    stop()
    expect(shown).toEqual(['', 'x', ''])
  })
})
