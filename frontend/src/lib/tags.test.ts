import { describe, expect, it } from 'vitest'
import type { Tag } from './api'
import { byId, digitTags, hashtag, MAX_INDENT, PATH_CHARS, suggest, tagPath, tree } from './tags'

const t = (id: string, name: string, parent = '', order = 0): Tag => ({ id, name, parent, order, colour: '#ffcc00', description: '', count: 0 })
const tags = [t('a', 'Claim', '', 2), t('b', 'Source', '', 1), t('c', 'Disputed claim', 'a', 3), t('d', 'Anonymous', 'b', 4), t('e', 'Éditorial', '', 5)]

describe('tags', () => {
  it('paths and hashtags', () => {
    const m = byId(tags)
    expect(tagPath(tags[2], m)).toBe('Claim/Disputed claim')
    expect(hashtag(tags[2], m)).toBe('#Claim/Disputed-claim')
  })
  it('tree order puts children under parents', () => {
    expect(tree(tags).map((x) => `${x.depth}:${x.tag.name}`)).toEqual(['0:Source', '1:Anonymous', '0:Claim', '1:Disputed claim', '0:Éditorial'])
  })
  it('type-ahead matches paths, accents folded, prefix first', () => {
    expect(suggest(tags, 'cla').map((x) => x.name)).toEqual(['Claim', 'Disputed claim'])
    expect(suggest(tags, 'source anon').map((x) => x.name)).toEqual(['Anonymous'])
    expect(suggest(tags, 'edit').map((x) => x.name)).toEqual(['Éditorial'])
    expect(suggest(tags, 'cla', ['a']).map((x) => x.name)).toEqual(['Disputed claim'])
  })
  it('digit keys follow the person’s order', () => {
    expect(digitTags(tags).map((x) => x.id)).toEqual(['b', 'a', 'c', 'd', 'e'])
  })
  it('a 10,000-level tree: no recursion, bounded paths and indentation', () => {
    // The store's deepest tree. A recursive walk overflows the stack and full paths of all tags total ~500 MB;
    // the Tags view, pickers and filters must list it in time and space linear in the number of tags.
    const deep = Array.from({ length: 10_000 }, (_, i) => t(`d${i}`, `deep${String(i).padStart(5, '0')}`, i ? `d${i - 1}` : '', i))
    const rows = tree(deep)
    expect(rows.length).toBe(10_000)
    expect(rows[9_999]).toMatchObject({ level: 9_999, depth: MAX_INDENT })
    expect(rows.map((r) => r.tag.id)).toEqual(deep.map((d) => d.id))
    const m = byId(deep)
    const deepest = tagPath(deep[9_999], m)
    expect(deepest.startsWith('…/')).toBe(true)
    expect(deepest.endsWith('/deep09998/deep09999')).toBe(true)
    expect(deepest.length).toBeLessThanOrEqual(PATH_CHARS + 2)
    expect(tagPath(deep[3], m)).toBe('deep00000/deep00001/deep00002/deep00003')
    expect(deep.reduce((n, d) => n + tagPath(d, m).length, 0)).toBeLessThan(10_000 * (PATH_CHARS + 2))
    expect(suggest(deep, 'deep09999', [], 8, m).map((x) => x.id)).toEqual(['d9999'])
    expect(suggest(deep, 'deep0999', [], 8, m).length).toBe(8)
  })
})
