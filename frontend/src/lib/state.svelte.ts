// App-wide state shared by the views: which view is shown, the tags, and a revision counter that every
// view watches to reload after undo/redo or any change made elsewhere.
import { api, type Tag } from './api'

export type View = 'library' | 'reader' | 'annotations' | 'tags' | 'notes'

export const ui = $state({
  view: 'library' as View,
  openId: '',
  focusAnnotation: '', // annotation to scroll to when the reader opens
  revision: 0,
  toast: '',
  tags: [] as Tag[],
  paletteOpen: false,
})

let toastTimer: ReturnType<typeof setTimeout> | undefined
export function toast(msg: string) {
  ui.toast = msg
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => (ui.toast = ''), 2500)
}

export async function reloadTags() {
  ui.tags = await api.tags()
}

export function changed() {
  ui.revision++
  reloadTags()
}

export function openDocument(id: string, annotation = '') {
  ui.openId = id
  ui.focusAnnotation = annotation
  ui.view = 'reader'
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
