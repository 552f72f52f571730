import { describe, expect, it, vi } from 'vitest'
import { renderNote } from './markdown'

describe('renderNote', () => {
  it('renders each distinct note once, nothing for an empty one', async () => {
    const render = vi.fn(async (md: string) => `<p><strong>${md.replaceAll('*', '')}</strong></p>`)
    expect(await renderNote('**who**', render)).toBe('<p><strong>who</strong></p>')
    expect(await renderNote('**who**', render)).toBe('<p><strong>who</strong></p>')
    expect(render).toHaveBeenCalledTimes(1)
    expect(await renderNote('  ', render)).toBe('')
    expect(render).toHaveBeenCalledTimes(1)
  })
  it('tries a failed render again', async () => {
    let fail = true
    const render = vi.fn(async () => {
      if (fail) throw new Error('not ready')
      return '<p>ok</p>'
    })
    await expect(renderNote('*again*', render)).rejects.toThrow('not ready')
    fail = false
    expect(await renderNote('*again*', render)).toBe('<p>ok</p>')
    expect(render).toHaveBeenCalledTimes(2)
  })
})
