// Which documents changed since they were annotated (AnnotatedChanges in Go), by document id, for the
// Library's mark and the diff view's first pair. Reloaded when the library's revision moves.
import { api, type AnnotatedChange } from '../lib/api'
import { library } from '../lib/changes.svelte'

export const changedSince = $state({ byDoc: new Map<string, AnnotatedChange>(), revision: -1 })

let loading: Promise<void> | null = null

export function loadChangedSince(): Promise<void> {
  if (changedSince.revision === library.revision) return Promise.resolve()
  if (loading) return loading
  const rev = library.revision
  loading = api
    .annotatedChanges()
    .then((list) => {
      changedSince.byDoc = new Map(list.map((c) => [c.docId, c]))
      changedSince.revision = rev
    })
    .catch(() => {})
    .finally(() => {
      loading = null
      if (changedSince.revision !== library.revision) loadChangedSince() // it moved while this one ran
    })
  return loading
}
