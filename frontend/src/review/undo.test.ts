import { describe, expect, it } from 'vitest'
import { planStep } from './undo'

const step = (label: string, ...docs: [string, string][]) => ({ label, documents: docs.map(([id, title]) => ({ id, title })) })

describe('planStep', () => {
  it('undoes in place when the step belongs to the document on screen, or to none', () => {
    expect(planStep(step('Annotation "x" deleted', ['a', 'First']), 'a')).toEqual({ run: { where: '' } })
    expect(planStep(step('Tag "t" created'), 'a')).toEqual({ run: { where: '' } })
    expect(planStep(step('', ['b', 'Second']), 'a')).toEqual({ run: { where: '' } })
  })
  it('shows the other document first in the Reader, naming it', () => {
    const p = planStep(step('Annotation "x" deleted', ['b', 'Second article']), 'a')
    expect(p).toEqual({ show: { id: 'b', message: expect.stringContaining('“Second article”') } })
    expect('show' in p && p.show.message).toContain('Press Ctrl+Z again')
    const r = planStep(step('Annotation "x" created', ['b', 'Second']), 'a', false)
    expect('show' in r && r.show.message).toContain('The next redo changes “Second”')
  })
  it('names the document in other views and runs', () => {
    expect(planStep(step('Annotation "x" deleted', ['b', 'Second'], ['c', 'Third']), '')).toEqual({ run: { where: ' in “Second” and 1 more' } })
  })
  it('runs when the document is gone (undoing its deletion brings it back)', () => {
    expect(planStep(step('Document deleted', ['b', '']), 'a')).toEqual({ run: { where: '' } })
  })
})
