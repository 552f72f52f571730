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

export interface Reading {
  doc: Doc
  blocks: Block[]
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
}
