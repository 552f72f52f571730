import { describe, expect, it } from 'vitest'
import { Latest } from './latest'

describe('Latest', () => {
  it('takes only the last load started, whatever order the answers come in', async () => {
    const latest = new Latest()
    let shown = ''
    const load = async (value: string, delay: number) => {
      const current = latest.begin()
      await new Promise((ok) => setTimeout(ok, delay))
      if (current()) shown = value
    }
    await Promise.all([load('all tags', 30), load('one tag', 5)])
    expect(shown).toBe('one tag')
    await load('again', 0)
    expect(shown).toBe('again')
  })
})
