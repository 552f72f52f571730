// Undo never changes another article silently (issue 17). Before an undo (or redo) step runs, the
// documents it changes are compared with the one on screen: in the Reader, a step that belongs to
// another document first shows that document and says so (the next Ctrl+Z undoes it there); in other
// views the step runs and its message names the document.
import type { NextStep } from '../lib/api'

export type StepPlan = { show: { id: string; message: string } } | { run: { where: string } }

const quoted = (title: string) => `“${title.length > 60 ? title.slice(0, 60) + '…' : title}”`

// planStep decides what Ctrl+Z (undo) or Ctrl+Shift+Z does; onScreen is the document the Reader shows ('' in
// other views).
export function planStep(step: NextStep, onScreen: string, undo = true): StepPlan {
  const docs = step.documents
  if (!step.label || docs.length === 0 || docs.some((d) => d.id === onScreen)) return { run: { where: '' } }
  const named = docs.filter((d) => d.title)
  const more = docs.length > 1 ? ` and ${docs.length - 1} more` : ''
  if (onScreen && named.length > 0) {
    const verb = undo ? 'undo' : 'redo'
    return {
      show: {
        id: named[0].id,
        message: `The next ${verb} changes ${quoted(named[0].title)}${more}, not the article you were reading: ${step.label}. Press ${undo ? 'Ctrl+Z' : 'Ctrl+Shift+Z'} again to ${verb} it here.`,
      },
    }
  }
  return { run: { where: named.length ? ` in ${quoted(named[0].title)}${more}` : '' } }
}
