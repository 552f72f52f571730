import { describe, expect, it } from 'vitest'
import { isLinkOnly, quoted, parseURLs, provenanceLine, refreshResultLine, refreshSummary, urlResultLine, utcStamp } from './capture'

describe('parseURLs', () => {
  it('reads a text/uri-list with comments and CRLF', () => {
    const list = '# dragged from a browser\r\nhttps://news.example/a\r\n#https://skipped.example/\r\nhttp://news.example/b?x=1\r\n'
    expect(parseURLs(list)).toEqual(['https://news.example/a', 'http://news.example/b?x=1'])
  })
  it('finds many links in running text, trims sentence punctuation, dedupes', () => {
    const text = 'See https://a.example/story. Also (https://b.example/x), and https://a.example/story#comments again; https://en.wikipedia.org/wiki/Foo_(bar).'
    expect(parseURLs(text)).toEqual(['https://a.example/story', 'https://b.example/x', 'https://en.wikipedia.org/wiki/Foo_(bar)'])
  })
  it('keeps only web links and normalises them', () => {
    expect(parseURLs('ftp://x.example/ javascript:alert(1) mailto:a@b.example HTTPS://Example.COM/Ä')).toEqual(['https://example.com/%C3%84'])
    expect(parseURLs('')).toEqual([])
    expect(parseURLs('no links here')).toEqual([])
  })
  it('treats the same address with and without a fragment as one', () => {
    expect(parseURLs('https://a.example/p\nhttps://a.example/p#top\nhttps://a.example/p')).toEqual(['https://a.example/p'])
  })
})

describe('isLinkOnly', () => {
  it('is true for links alone and false for prose with a link', () => {
    expect(isLinkOnly('https://a.example/x')).toBe(true)
    expect(isLinkOnly('  https://a.example/x\nhttps://b.example/y \n')).toBe(true)
    expect(isLinkOnly('read https://a.example/x')).toBe(false)
    expect(isLinkOnly('plain words')).toBe(false)
  })
})

describe('wording', () => {
  it('says what happened to each URL', () => {
    expect(urlResultLine({ url: 'u', status: 'imported', title: 'T' })).toBe('imported: “T”')
    expect(urlResultLine({ url: 'u', status: 'unchanged', title: 'T' })).toBe('already in the library — unchanged: “T”')
    expect(urlResultLine({ url: 'u', status: 'version', title: 'T', version: 3 })).toBe('new version of “T” (version 3)')
    expect(urlResultLine({ url: 'u', status: 'error', error: 'https://x: 404 Not Found' })).toBe('https://x: 404 Not Found')
  })
  it('says what happened to each checked document and counts them', () => {
    expect(refreshResultLine({ docId: 'd', title: 'T', status: 'unchanged' })).toBe('unchanged')
    expect(refreshResultLine({ docId: 'd', title: 'T', status: 'changed', version: 2 })).toBe('changed → new version 2')
    expect(refreshResultLine({ docId: 'd', title: 'T', status: 'gone', error: '410 Gone' })).toBe('gone from the web (410 Gone); the last capture is kept')
    expect(refreshResultLine({ docId: 'd', title: 'T', status: 'error', error: 'timeout' })).toBe('error: timeout')
    expect(refreshSummary([])).toBe('No captured document to check.')
    expect(
      refreshSummary([
        { docId: 'a', title: '', status: 'unchanged' },
        { docId: 'b', title: '', status: 'unchanged' },
        { docId: 'c', title: '', status: 'changed', version: 2 },
        { docId: 'd', title: '', status: 'error' },
      ]),
    ).toBe('2 unchanged, 1 changed, 1 error')
  })
  it('quotes a claim once', () => {
    expect(quoted('“Already quoted.”')).toBe('“Already quoted.”')
    expect(quoted(' "straight" ')).toBe('“straight”')
    expect(quoted('plain')).toBe('“plain”')
  })
  it('writes the provenance line in UTC', () => {
    expect(utcStamp('2026-12-02T14:03:59+01:00')).toBe('2 Dec 2026 13:03 UTC')
    const c = { url: 'http://a/', finalUrl: 'https://a.example/story', retrievedAt: '2026-12-02T14:03:00Z', status: 200, payloadSha256: '0123456789abcdef0123', textSha256: '', warcFile: '', warcRecordId: '' }
    expect(provenanceLine(c)).toBe('Captured 2 Dec 2026 14:03 UTC from https://a.example/story · sha256 0123456789ab…')
  })
})
