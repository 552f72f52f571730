import { describe, expect, it } from 'vitest'
import { conflictView, isDeleted } from './syncConflicts'

const ann = (note: string, tags: string[], author = 'Ana') => ({
  type: 'annotation', docSha256: 'abc', version: 1, start: 3, end: 9, exact: 'the claim', prefix: 'x', suffix: 'y',
  tags, note, author, created: '2026-01-01T00:00:00Z', modified: '2026-01-02T00:00:00Z',
})

describe('conflictView', () => {
  it('lays two annotation bodies side by side, differences marked, selector internals left out', () => {
    const v = conflictView({ id: 'ann:1', kind: 'annotation', winner: ann('mine', ['Claims']), loser: ann('theirs', ['Claims', 'Disputed'], 'Ben'), loserRev: '2-b', reason: 'edited on two libraries' })
    expect(v.title).toBe('Annotation on “the claim”')
    expect(v.rows.map((r) => r.label)).toEqual(['Passage', 'Note', 'Tags', 'Author', 'Changed'])
    const note = v.rows.find((r) => r.label === 'Note')!
    expect(note).toMatchObject({ winner: 'mine', loser: 'theirs', differs: true })
    expect(v.rows.find((r) => r.label === 'Tags')).toMatchObject({ winner: 'Claims', loser: 'Claims, Disputed', differs: true })
    expect(v.rows.find((r) => r.label === 'Passage')!.differs).toBe(false)
    expect(v.canKeepBoth).toBe(true)
    expect(v.winnerDeleted || v.loserDeleted).toBe(false)
  })

  it('leaves out a field empty on both sides, but always shows the note and the tags', () => {
    const v = conflictView({ id: 'ann:3', kind: 'annotation', winner: { ...ann('', []), owner: '' }, loser: { ...ann('', []), owner: '' }, loserRev: '2-o', reason: 'edited on two libraries' })
    expect(v.rows.map((r) => r.label)).toEqual(['Passage', 'Note', 'Tags', 'Author', 'Changed'])
    const o = conflictView({ id: 'ann:4', kind: 'annotation', winner: { ...ann('', []), owner: 'ana' }, loser: ann('', []), loserRev: '2-o', reason: 'edited on two libraries' })
    expect(o.rows.find((r) => r.label === 'Server user')).toMatchObject({ winner: 'ana', loser: '', differs: true })
  })

  it('says when one side deleted the record and offers no keep-both then', () => {
    const v = conflictView({ id: 'ann:2', kind: 'annotation', winner: ann('kept', []), loser: { _deleted: true }, loserRev: '3-c', reason: 'deleted on one library, edited on another' })
    expect(v.loserDeleted).toBe(true)
    expect(v.canKeepBoth).toBe(false)
    expect(v.rows.every((r) => r.loser === '')).toBe(true)
    expect(isDeleted(null)).toBe(true)
    expect(isDeleted({ note: 'x' })).toBe(false)
  })

  it('shows a tag by its path and offers only keep or take', () => {
    const v = conflictView({ id: 'tag:claims', kind: 'tag', winner: { type: 'tag', path: 'Claims', colour: '#111111', description: '' }, loser: { type: 'tag', path: 'Claims', colour: '#222222', description: 'what is said' }, loserRev: '2-x', reason: 'edited on two libraries' })
    expect(v.title).toBe('Tag Claims')
    expect(v.canKeepBoth).toBe(false)
    expect(v.rows.filter((r) => r.differs).map((r) => r.label)).toEqual(['Colour', 'Description'])
  })

  it('shows a project note by its title and text, and a document without its hashes', () => {
    const note = conflictView({ id: 'note:1', kind: 'note', winner: { type: 'note', title: 'Plan', body: 'ours', author: 'Ana' }, loser: { type: 'note', title: 'Plan', body: 'theirs', author: 'Ben' }, loserRev: '2-n', reason: 'edited on two libraries' })
    expect(note.title).toBe('Note Plan')
    expect(note.rows.map((r) => [r.label, r.differs])).toEqual([['Title', false], ['Text', true], ['Author', true]])
    expect(note.canKeepBoth).toBe(false)
    const doc = conflictView({ id: 'doc:abc', kind: 'document', winner: { type: 'document', sha256: 'abc', title: 'A', versions: 1 }, loser: { type: 'document', sha256: 'abc', title: 'B', versions: 1 }, loserRev: '2-d', reason: 'edited on two libraries' })
    expect(doc.rows.map((r) => r.label)).toEqual(['Title', 'Versions'])
  })

  it('shows every losing version of a record three libraries edited, each one to take', () => {
    const v = conflictView({ id: 'ann:9', kind: 'annotation', winner: ann('ana', ['Claims']), loser: ann('ben', ['Claims']), loserRev: '3-b', reason: 'edited on two libraries',
      others: [{ loser: ann('cleo', ['Claims']), loserRev: '3-c', reason: 'edited on two libraries' }, { loser: { _deleted: true }, loserRev: '3-d', reason: 'deleted on one library, edited on another' }] })
    expect(v.losers).toEqual([{ rev: '3-b', deleted: false }, { rev: '3-c', deleted: false }, { rev: '3-d', deleted: true }])
    expect(v.rows.find((r) => r.label === 'Note')).toMatchObject({ winner: 'ana', loser: 'ben', others: ['cleo', ''], differs: true })
    expect(v.rows.find((r) => r.label === 'Tags')).toMatchObject({ others: ['Claims', ''], differs: true })
    expect(v.canKeepBoth).toBe(true)
    const same = conflictView({ id: 'ann:9', kind: 'annotation', winner: ann('x', []), loser: ann('x', []), loserRev: '2-a', reason: '', others: [{ loser: ann('y', []), loserRev: '2-b', reason: '' }] })
    expect(same.rows.find((r) => r.label === 'Note')?.differs).toBe(true)
  })
})
