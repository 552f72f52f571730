import { afterEach, describe, expect, it } from 'vitest'
import { api, BackendError } from './api'

afterEach(() => delete (window as any).go)

describe('api: errors normalised in one place', () => {
  it("turns Go's rejection (a bare string) into a BackendError whose text is the message", async () => {
    ;(window as any).go = { app: { App: { Documents: () => Promise.reject('opening "x": no such document') } } }
    const e = await api.documents().catch((e) => e)
    expect(e).toBeInstanceOf(BackendError)
    expect(String(e)).toBe('opening "x": no such document')
  })

  it('drops an "Error: " prefix and reports a missing backend as a rejection, not a throw', async () => {
    ;(window as any).go = { app: { App: { Tags: () => Promise.reject(new Error('Error: locked')) } } }
    expect(String(await api.tags().catch((e) => e))).toBe('locked')
    delete (window as any).go
    const p = api.settings()
    expect(String(await p.catch((e) => e))).toBe('Gloss backend is not connected')
  })
})
