// Typed access to the Go methods bound by Wails (package app, struct App).
// The bindings are read at call time so tests can stub window.go.

export interface Doc {
  id: string
  title: string
  date: string
  source: string
  url?: string
  format: string
  sha256: string
  version: number
  words: number
  bodyStart: number
  importedAt: string
  annotations: number
}

export interface Block {
  start: number
  end: number
  html: string
}

export interface Anchor {
  status: 'exact' | 'moved' | 'fuzzy' | 'orphan'
  confidence: number
  version: number
}

export interface Annotation {
  id: string
  doc: string
  version: number
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
  tags: string[]
  note: string
  author: string
  created: string
  modified: string
  anchor: Anchor
}

export interface Tag {
  id: string
  name: string
  parent: string
  colour: string
  description: string
  order: number
  count: number
}

export interface Note {
  id: string
  doc: string
  title: string
  body: string
  created: string
  modified: string
}

export interface Reading {
  doc: Doc
  blocks: Block[]
  annotations: Annotation[]
}

// A change to one document's annotations: the annotation (absent when deleted) and the re-rendered blocks.
export interface Change {
  annotation?: Annotation
  blocks: Block[]
}

export interface UndoState {
  canUndo: boolean
  undoLabel: string
  canRedo: boolean
  redoLabel: string
}

export interface AnnotationFilter {
  doc?: string
  tag?: string
  author?: string
}

type Bound = Record<string, (...args: unknown[]) => Promise<unknown>>

function app(): Bound {
  const w = window as unknown as { go?: { app?: { App?: Bound } } }
  const bound = w.go?.app?.App
  if (!bound) throw new Error('Gloss backend is not connected')
  return bound
}

function call<T>(name: string, ...args: unknown[]): Promise<T> {
  return app()[name](...args) as Promise<T>
}

export const api = {
  documents: () => call<Doc[]>('Documents'),
  open: (id: string) => call<Reading>('Open', id),
  setMetadata: (id: string, title: string, date: string) => call<Doc>('SetMetadata', id, title, date),
  startupError: () => call<string>('StartupError'),
  painted: (view: string, detail: Record<string, unknown>) => call<void>('Painted', view, JSON.stringify(detail)),

  blocks: (doc: string, from: number, to: number) => call<Block[]>('Blocks', doc, from, to),
  annotation: (id: string) => call<Annotation>('Annotation', id),
  annotate: (doc: string, start: number, end: number, tags: string[], note: string) =>
    call<Change>('Annotate', doc, start, end, tags, note),
  updateAnnotation: (id: string, tags: string[], note: string) => call<Change>('UpdateAnnotation', id, tags, note),
  deleteAnnotation: (id: string) => call<Change>('DeleteAnnotation', id),
  annotations: (filter: AnnotationFilter) => call<Annotation[]>('Annotations', filter),

  tags: () => call<Tag[]>('Tags'),
  createTag: (name: string, parent: string) => call<Tag>('CreateTag', name, parent),
  updateTag: (id: string, name: string, colour: string, description: string) =>
    call<Tag>('UpdateTag', id, name, colour, description),
  moveTag: (id: string, parent: string) => call<void>('MoveTag', id, parent),
  reorderTags: (ids: string[]) => call<void>('ReorderTags', ids),
  mergeTags: (from: string, into: string) => call<number>('MergeTags', from, into),
  deleteTag: (id: string) => call<number>('DeleteTag', id),

  documentNote: (doc: string) => call<Note | null>('DocumentNote', doc),
  notes: () => call<Note[]>('Notes'),
  saveNote: (note: Partial<Note>) => call<Note>('SaveNote', note),
  deleteNote: (id: string) => call<void>('DeleteNote', id),
  renderMarkdown: (md: string) => call<string>('RenderMarkdown', md),

  benchPlan: () => call<string>('BenchPlan'),
  undo: () => call<string>('Undo'),
  redo: () => call<string>('Redo'),
  undoState: () => call<UndoState>('UndoState'),
  author: () => call<string>('Author'),
  setAuthor: (name: string) => call<void>('SetAuthor', name),
}
