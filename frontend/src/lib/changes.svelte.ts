// The library's revision, which every view watches to reload after undo/redo or any change made
// elsewhere, and the tags (every view shows them).
import { api, type Tag } from './api'
import { toast } from './toast.svelte'

export const library = $state({ revision: 0, tags: [] as Tag[] })

export async function reloadTags() {
  library.tags = await api.tags()
}

export function changed() {
  library.revision++
  reloadTags()
}

export async function undo() {
  try {
    const label = await api.undo()
    toast(label ? `Undone: ${label}` : 'Nothing to undo')
    changed()
  } catch (e) {
    toast(String(e))
  }
}

export async function redo() {
  try {
    const label = await api.redo()
    toast(label ? `Redone: ${label}` : 'Nothing to redo')
    changed()
  } catch (e) {
    toast(String(e))
  }
}
