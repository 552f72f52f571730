import { describe, expect, it } from 'vitest'
import { checkTargets, isLinkFileName, linksInFiles } from './capturelinks'

describe('files of links', () => {
  it('reads text files that are only links (with uri-list comments) and refuses anything else', () => {
    expect(linksInFiles([{ name: 'links.txt', text: '# my reading list\nhttps://a.example/1\n\nhttps://b.example/2\n' }, { name: 'more.uri', text: 'https://a.example/1\r\nhttps://c.example/3' }]))
      .toEqual(['https://a.example/1', 'https://b.example/2', 'https://c.example/3'])
    expect(linksInFiles([{ name: 'article.txt', text: 'Council approves budget.\n\nSee https://a.example/1' }])).toBeNull()
    expect(linksInFiles([{ name: 'links.txt', text: 'https://a.example/1' }, { name: 'story.md', text: 'https://a.example/2' }])).toBeNull()
    expect(linksInFiles([{ name: 'empty.txt', text: '# nothing\n' }])).toBeNull()
    expect(linksInFiles([])).toBeNull()
  })
  it('reads only small text files', () => {
    expect(isLinkFileName('links.txt', 200)).toBe(true)
    expect(isLinkFileName('LINKS.URI', 200)).toBe(true)
    expect(isLinkFileName('story.html', 200)).toBe(false)
    expect(isLinkFileName('huge.txt', 2 << 20)).toBe(false)
  })
})

describe('checkTargets', () => {
  const a = { id: 'a', url: 'https://n.example/a' }, b = { id: 'b', url: 'http://n.example/b' }, f = { id: 'f' }, m = { id: 'm', url: 'mailto:x@y' }
  it('checks every captured document, or the ones a filter shows', () => {
    expect(checkTargets([f, m], [f, m], false)).toBeNull()
    expect(checkTargets([a, b, f], [a, b, f], false)).toEqual({ ids: [], label: 'Check for updates' })
    expect(checkTargets([a, b, f], [a, f], true)).toEqual({ ids: ['a'], label: 'Check the 1 shown for updates' })
    expect(checkTargets([a, b, f], [a, b], true)).toEqual({ ids: [], label: 'Check for updates' })
    expect(checkTargets([a, b, f], [f], true)).toBeNull()
  })
})
