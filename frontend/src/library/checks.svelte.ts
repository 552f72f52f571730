// When each captured document was last checked (App.CaptureChecks: its page fetched by an import or a
// Check for updates, changed or not), for the Library's rows and the Reader's capture header. Loaded
// once, again when the library's revision moves, and after every check (reloadChecks).
import { api } from '../lib/api'
import { library } from '../lib/changes.svelte'
import { checkedLabel } from './checked'

export const lastChecks = $state({ byDoc: {} as Record<string, string>, revision: -1, loads: 0 })

let loading: Promise<void> | null = null
let again = false

function load(): Promise<void> {
  if (loading) {
    again = true
    return loading
  }
  const rev = library.revision
  loading = api
    .captureChecks()
    .then((m) => {
      lastChecks.byDoc = m ?? {}
      lastChecks.revision = rev
      lastChecks.loads++
    })
    .catch(() => {})
    .finally(() => {
      loading = null
      if (again) {
        again = false
        load()
      }
    })
  return loading
}

// loadChecks loads the checks unless they are those of the library's revision.
export function loadChecks(): Promise<void> {
  return lastChecks.revision === library.revision ? Promise.resolve() : load()
}

// reloadChecks loads them again: a check that found nothing changed moves no revision.
export function reloadChecks(): Promise<void> {
  return load()
}

export { checkedLabel }
