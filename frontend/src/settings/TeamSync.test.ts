import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import TeamSync from './TeamSync.svelte'

const never = '0001-01-01T00:00:00Z'

// The bound Go methods Settings › Team sync calls, stubbed (app/sync.go).
function stubGo(opts: { keyringError?: string; refused?: { key: string; kind: string; what: string; reason: string; at: string; deletion: boolean }[] } = {}) {
  let refused = opts.refused ?? []
  let saved = { server: '', project: '', user: '', keepTextsLocal: false, hasPassword: false, keyringError: opts.keyringError ?? '' }
  const calls = {
    SetSyncSettings: vi.fn(async (s: typeof saved) => { saved = { ...saved, ...s, hasPassword: saved.hasPassword } }),
    SaveSyncPassword: vi.fn(async (pw: string) => { saved.hasPassword = pw !== '' }),
    TestSyncConnection: vi.fn(async (_s: unknown, _pw: string) => { throw new Error('sync server https://couch.example.org: the user name "ana" or its password is wrong (401)') }),
    SyncNow: vi.fn(async () => ({ server: saved.server, project: saved.project, pushed: 3, deleted: 0, pulled: 2, conflicts: [], problems: [], refused: [], since: '0', checkpoint: '5' })),
    SettleSyncRefused: vi.fn(async (key: string, _discard: boolean) => { refused = refused.filter((r) => r.key !== key) }),
  }
  ;(window as any).go = {
    app: {
      App: {
        ...calls,
        SyncSettings: async () => ({ ...saved }),
        SyncRefused: async () => refused,
        SyncStatus: async () => ({ server: saved.server, project: saved.project, user: saved.user, lastSynced: saved.server ? '2026-12-03T07:00:00Z' : never,
          lastError: '', pending: 1, conflicts: saved.server ? 2 : 0, refused: refused.length, keepTextsLocal: saved.keepTextsLocal, watching: saved.server !== '' }),
      },
    },
  }
  return calls
}

afterEach(() => {
  cleanup()
  delete (window as any).go
})

describe('Settings › Team sync', () => {
  it('saves the settings trimmed and the password to the keyring, then clears the field and shows the status', async () => {
    const calls = stubGo()
    render(TeamSync)
    await waitFor(() => expect(screen.getByRole('status', { name: 'Sync status' }).textContent).toContain('Team sync is off'))
    expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true)
    await fireEvent.input(screen.getByLabelText('Sync server URL'), { target: { value: ' https://couch.example.org ' } })
    await fireEvent.input(screen.getByLabelText('Sync project'), { target: { value: 'climate' } })
    await fireEvent.input(screen.getByLabelText('Sync user name'), { target: { value: 'ana' } })
    await fireEvent.input(screen.getByLabelText('Sync password'), { target: { value: 's3cret' } })
    await fireEvent.click(screen.getByLabelText('Keep document texts local'))
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(calls.SaveSyncPassword).toHaveBeenCalledWith('s3cret'))
    expect(calls.SetSyncSettings.mock.calls[0][0]).toMatchObject({ server: 'https://couch.example.org', project: 'climate', user: 'ana', keepTextsLocal: true })
    await waitFor(() => expect((screen.getByLabelText('Sync password') as HTMLInputElement).value).toBe(''))
    expect(await screen.findByText(/A password is kept in the system keyring/)).toBeTruthy()
    await waitFor(() => expect(screen.getByRole('status', { name: 'Sync status' }).textContent).toContain('1 change pending · 2 conflicts waiting · syncing live'))
    expect(screen.getByRole('button', { name: 'Resolve in the Coders view' })).toBeTruthy()

    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }))
    expect(await screen.findByText('Synced: 3 sent, 2 received.')).toBeTruthy()
  })

  it('says what Test connection found wrong, and why a password cannot be saved without a keyring', async () => {
    const calls = stubGo({ keyringError: 'the system keyring (Secret Service) is not available: no bus' })
    render(TeamSync)
    expect(await screen.findByText(/A password cannot be saved here: the system keyring \(Secret Service\) is not available/)).toBeTruthy()
    await fireEvent.input(screen.getByLabelText('Sync server URL'), { target: { value: 'https://couch.example.org' } })
    await fireEvent.input(screen.getByLabelText('Sync project'), { target: { value: 'climate' } })
    await fireEvent.input(screen.getByLabelText('Sync password'), { target: { value: 'typed' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    expect((await screen.findByRole('alert')).textContent).toContain('its password is wrong (401)')
    // the form's values and the typed password are what is tested, before anything is saved
    expect(calls.TestSyncConnection.mock.calls[0]).toEqual([expect.objectContaining({ server: 'https://couch.example.org', project: 'climate' }), 'typed'])
    expect(calls.SetSyncSettings).not.toHaveBeenCalled()
  })

  it('lists the edits the server refused, each with Retry (a round now) and Discard', async () => {
    const refusal = (key: string, what: string) => ({ key, kind: 'annotation', what, reason: 'annotation was made by ana: only they or the lead may change it', at: '2026-12-03T07:00:00Z', deletion: false })
    const calls = stubGo({ refused: [refusal('ann:1', 'annotation “the mayor”'), refusal('ann:2', 'annotation “the council”')] })
    render(TeamSync)
    const region = await screen.findByRole('region', { name: /Refused by the server/ })
    expect(region.textContent).toContain('(2)')
    expect(region.textContent).toContain('made by ana')
    const first = screen.getByRole('listitem', { name: 'Refused: annotation “the mayor”' })
    await fireEvent.click(first.querySelector('button')!) // Retry
    await waitFor(() => expect(calls.SettleSyncRefused).toHaveBeenCalledWith('ann:1', false))
    await waitFor(() => expect(calls.SyncNow).toHaveBeenCalled())
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Refused: annotation “the mayor”' })).toBeNull())
    const second = screen.getByRole('listitem', { name: 'Refused: annotation “the council”' })
    await fireEvent.click(second.querySelectorAll('button')[1]) // Discard
    await waitFor(() => expect(calls.SettleSyncRefused).toHaveBeenCalledWith('ann:2', true))
    await waitFor(() => expect(screen.queryByRole('region', { name: /Refused by the server/ })).toBeNull())
    expect(screen.getByRole('status', { name: '' }).textContent).toContain('stays as it is in this library only')
  })
})
