import { describe, expect, it } from 'vitest'
import type { Tag } from './api'
import { byId, digitTags, hashtag, suggest, tagPath, tree } from './tags'

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
})
