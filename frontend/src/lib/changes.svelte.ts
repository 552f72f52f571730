// The library's revision, which every view watches to reload after undo/redo or any change made
// elsewhere, and the tags (every view shows them).
import { api, type Tag } from './api'
import { toast } from './toast.svelte'
import { nav, openDocument } from './nav.svelte'
import { planStep } from '../review/undo'

// tagsLoaded: the tags were read once; every change reloads them (changed()), so a view that opens later
// can show them at once instead of asking Go again before it paints.
export const library = $state({ revision: 0, tags: [] as Tag[], tagsLoaded: false })

export async function reloadTags() {
  library.tags = await api.tags()
  library.tagsLoaded = true
}

export function changed() {
  library.revision++
  reloadTags()
}

// A step that changes another document than the one on screen is named, and in the Reader shown first
// (review/undo.ts).
async function step(undo: boolean) {
  try {
    const plan = planStep(await api.undoStep(undo), nav.view === 'reader' ? nav.openId : '', undo)
    if ('show' in plan) {
      openDocument(plan.show.id)
      toast(plan.show.message)
      return
    }
    const label = await (undo ? api.undo() : api.redo())
    toast(label ? `${undo ? 'Undone' : 'Redone'}${plan.run.where}: ${label}` : `Nothing to ${undo ? 'undo' : 'redo'}`)
    changed()
  } catch (e) {
    toast(String(e))
  }
}

export const undo = () => step(true)
export const redo = () => step(false)
