// The only way to Go: typed access to the methods bound by Wails (package app, struct App), with every
// failure normalised here into a BackendError whose text is Go's message. The bindings are read at call
// time so tests can stub window.go.

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
  seedKey?: string // set on the documents Gloss ships as samples
  annotations: number
  meta: Meta
  urls?: string[] // every URL the document is known by: its own, the canonical one, where captures came from
}

// What the page, file or front matter says about a document (store.Meta).
export interface Meta {
  authors?: string[]
  modified?: string
  language?: string
  section?: string
  canonical?: string
  claims?: Claim[]
}

// A schema.org ClaimReview on a fact-check page.
export interface Claim { claim: string; rating?: string; author?: string; appeared?: string; claimDate?: string }

// How a version was fetched from the web (store.Capture).
export interface Capture {
  url: string
  finalUrl: string
  redirects?: string[]
  retrievedAt: string
  status: number
  etag?: string
  lastModified?: string
  payloadSha256: string
  textSha256: string
  warcFile: string
  warcRecordId: string
}

// One URL of ImportURLs (app/capture.go). "import:progress" events ({done, total, file: the URL}) follow it.
export interface URLResult { url: string; status: 'imported' | 'unchanged' | 'version' | 'error'; docId?: string; title?: string; version?: number; error?: string }

// One document of RefreshDocuments; "refresh:progress" events ({done, total, file: the title}) follow it.
export interface RefreshResult { docId: string; title: string; status: 'unchanged' | 'changed' | 'gone' | 'error'; version?: number; error?: string }

// The file a version was read from, kept in the archive (store.Original).
export interface Original { path: string; sha256: string; mediaType: string; bytes: number; documentId?: string; struck?: number[] }
// A paged version (PDF): where each page starts in the text, and whether its original file can be opened.
export interface PageInfo { starts: number[]; original: boolean }

export interface Block {
  start: number
  end: number
  html: string
}

export interface MadeQuote {
  version: number
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
}

export interface Anchor {
  status: 'exact' | 'moved' | 'fuzzy' | 'orphan'
  confidence: number
  version: number
  /** the quote as made, once re-anchoring has moved the annotation */
  made?: MadeQuote
  // an orphan the person keeps as one (out of Review)
  kept?: boolean
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
  merged?: string // the export file a merged annotation came from
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
  author?: string
}

// What the Reader's side panel and marks need of an annotation (app.ListedAnnotation): quote and note are
// shortened, annotation(id) has the rest.
export interface ListedAnnotation {
  id: string
  start: number
  end: number
  exact: string
  tags: string[]
  note: string
  author: string
  status?: 'moved' | 'fuzzy' // how re-anchoring left it, when not exact
}

export interface Reading {
  doc: Doc
  blocks: Block[]
  annotations: ListedAnnotation[]
  annotationCount: number // more than annotations.length: the list follows via readerAnnotations
  virtual: boolean // the Reader renders only the blocks near the viewport
  plainReason?: string // why a Markdown document is shown as plain text
  orphans?: number // annotations not drawn: re-anchoring lost their passage (Review lists them)
  kept?: number // of those, kept as orphans on purpose
}

// A change to one document's annotations: the annotation (absent when deleted) and the re-rendered blocks.
export interface Change {
  annotation?: Annotation
  blocks: Block[]
}

export interface StepDocument {
  id: string
  title: string // "" when it is not in the library now
}

export interface NextStep {
  label: string // "" when there is nothing to undo (redo)
  documents: StepDocument[]
}

export interface UndoState {
  canUndo: boolean
  undoLabel: string
  canRedo: boolean
  redoLabel: string
}

export interface Hit { start: number; end: number; in: string; ref?: string; snippet: string; before: string; match: string; after: string }
export interface DocResult { kind: string; docId?: string; noteId?: string; title: string; date?: string; source?: string; version?: number; score: number; hitCount: number; hits: Hit[] }
export interface Results { total: number; docs: DocResult[]; catchingUp: boolean; notice?: string }
export interface Query { text: string; tagId?: string; from?: string; to?: string; source?: string; hasAnnotations?: boolean; inNotes?: boolean; limit?: number; authors?: string[] }
export interface ImportCounts { documents: number; codes: number; codings: number; notes: number; documentsSkipped: number; codesSkipped: number; codingsSkipped: number; notesSkipped: number; skippedSources: Record<string, number> }
export interface ReportItem { file: string; status: string; reason?: string; id?: string; title?: string; counts?: ImportCounts }
export interface Report { items: ReportItem[]; tagsCreated?: number; annotationsCreated?: number; annotationsNewIds?: number; annotationsUnchanged?: number; notesCreated?: number; notesUnchanged?: number }
export interface ExportRequest { format: string; docIds?: string[]; tagId?: string; authors?: string[]; excludeAuthors?: string[]; bom?: boolean; perDocument?: boolean; perAnnotation?: boolean }
export interface AuthorCount { name: string; annotations: number }
// One page of the Reader's side panel (a document whose list comes page by page) and how many there are.
export interface AnnotationPage { annotations: ListedAnnotation[]; total: number }
export interface VersionInfo { n: number; importedAt: string; sha256: string; words: number; sourcePath?: string; current: boolean; capture?: Capture; original?: Original; pages?: number }
export interface VersionReport { doc: string; title: string; file: string; from: number; to: number; exact: number; moved: number; fuzzy: number; orphan: number; review: Annotation[]; warning?: string }
export interface ReviewItem { annotation: Annotation; docTitle: string; old: string; oldVersion: number; new: string; changes: DiffOp[] }
export interface DiffOp { op: 'equal' | 'insert' | 'delete'; text: string }
export interface DiffSummary { inserted: number; deleted: number; changes: number }
// A word diff of two versions (equal + delete spell `from`'s text, equal + insert `to`'s), for the diff view.
export interface VersionDiff { docId: string; title: string; from: VersionInfo; to: VersionInfo; parts: DiffOp[]; summary: DiffSummary }
// A document whose current version arrived after some of its annotations were made (derived in Go).
export interface AnnotatedChange { docId: string; annotatedOn: number; current: number; annotations: number }
export interface QuoteMatch { doc: string; title: string; date: string; start: number; end: number; exact: string; similarity: number }

// Teams: merging another coder's export and measuring agreement (exchange.MergeReport, agree.Report).
export interface MergeDocument { title: string; status: 'matched' | 'new' | 'needs-confirmation' | 'confirmed' | 'skipped'; docId?: string; ourTitle?: string; annotations: number }
export interface TagConflict { theirPath: string; theirColour: string; kind: 'colour' | 'parent'; ourId: string; ourPath: string; ourColour: string; resolution: string; usedBy: number }
export interface MergeReport {
  file: string; dryRun: boolean; authors: string[]; documents: MergeDocument[]; tagConflicts: TagConflict[]
  tagsCreated: number; annotationsCreated: number; annotationsNewIds: number; annotationsUnchanged: number; annotationsDeletedHere: number; annotationsNotConfirmed: number; needsConfirmation: number; problems: string[]; notesCreated: number; notesUnchanged: number
}
export interface MergePreview { path: string; report: MergeReport }
export interface MergeOptions { tagMapping: Record<string, string>; confirmTitleMatches: boolean }
export interface AgreementFilter { tag?: string; doc?: string; authors?: string[]; includeResolved?: boolean }
export interface Pair { a: string; b: string; units: number; kappa: number | null; note?: string }
export interface Stat { units: number; coders: string[]; agreement: number | null; kappa: number | null; kappaNote?: string; alpha: number | null; alphaNote?: string; pairs?: Pair[] }
export interface Disagreement {
  docId: string; docTitle: string; tagId: string; tagPath: string; start: number; end: number; text: string
  with: string[]; without: string[]; annotations: { id: string; author: string; start: number; end: number }[]
  resolved: boolean; resolvedBy?: string; resolvedAt?: string // both versions kept
}
export interface AgreementReport {
  coders: string[]; overall: Stat; tags: (Stat & { tagId: string; path: string })[]; documents: (Stat & { docId: string; title: string })[]
  disagreements: Disagreement[]; truncated: boolean; ignored: number; resolved: number
}

export interface AnnotationFilter {
  doc?: string
  tag?: string
  author?: string
}

// Desktop side (app/settings.go, app/menu.go, reading/recent.go): settings, menu actions, recent documents, About.
export interface MenuAction { id: string; menu: string; label: string; keys: string }
export interface RecentDoc { id: string; title: string }
export interface AppInfo { version: string; library: string }

// A failed call: Go's message as it is (Wails rejects with a bare string). Its text has no "Error: "
// prefix, so String(e) is what a toast shows.
export class BackendError extends Error {
  constructor(message: string) {
    super(message.replace(/^Error: /, ''))
    this.name = 'BackendError'
  }
  toString() {
    return this.message
  }
}

type Bound = Record<string, (...args: unknown[]) => Promise<unknown>>

function app(): Bound {
  const w = window as unknown as { go?: { app?: { App?: Bound } } }
  const bound = w.go?.app?.App
  if (!bound) throw new BackendError('Gloss backend is not connected')
  return bound
}

async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  try {
    return (await app()[name](...args)) as T
  } catch (e) {
    throw e instanceof BackendError ? e : new BackendError(e instanceof Error ? e.message : String(e))
  }
}

// Test seams (app/dev.go): bound only in the dev build that Playwright and the benchmarks drive, absent from
// the shipped window. Callers feature-detect with hasDev(); a dev call without them rejects.
function devApp(): Bound | undefined {
  return (window as unknown as { go?: { app?: { DevApp?: Bound } } }).go?.app?.DevApp
}
export const hasDev = () => devApp() !== undefined
function devCall<T>(name: string, ...args: unknown[]): Promise<T> {
  const bound = devApp()
  return bound ? (bound[name](...args) as Promise<T>) : Promise.reject(new Error(`${name} exists only in the dev build`))
}

export const dev = {
  painted: (view: string, detail: Record<string, unknown>) => devCall<void>('Painted', view, JSON.stringify(detail)),
  benchPlan: () => devCall<string>('BenchPlan'),
  viewportTop: (px: number) => devCall<void>('ViewportTop', px),
  exportTo: (req: ExportRequest, path: string) => devCall<void>('ExportTo', req, path),
  importPaths: (paths: string[]) => devCall<Report>('ImportPaths', paths),
  mergeFile: (path: string) => devCall<MergePreview>('MergeFile', path),
  backupTo: (path: string) => devCall<void>('BackupTo', path),
  importNewVersionFrom: (doc: string, path: string) => devCall<VersionReport>('ImportNewVersionFrom', doc, path),
}

// painted tells Go a view is on screen (it starts the search index after the first); the dev build adds the
// detail its tests read.
export function painted(view: string, detail: Record<string, unknown>): Promise<void> {
  return hasDev() ? dev.painted(view, detail) : call<void>('Shown', view)
}

export const api = {
  documents: () => call<Doc[]>('Documents'),
  open: (id: string) => call<Reading>('Open', id),
  setMetadata: (id: string, title: string, date: string) => call<Doc>('SetMetadata', id, title, date),
  // The language search analyses the document in (BCP 47, "de", "pt-BR"); '' detects it again.
  setLanguage: (id: string, lang: string) => call<Doc>('SetLanguage', id, lang),
  startupError: () => call<string>('StartupError'),
  recovery: () => call<{ moveAside: boolean; startNew: boolean; path: string; backups: string[] }>('Recovery'),
  moveAsideAndStart: () => call<string>('MoveAsideAndStart'),
  startNewLibrary: () => call<void>('StartNewLibrary'),
  painted,

  blocks: (doc: string, from: number, to: number) => call<Block[]>('Blocks', doc, from, to),
  annotation: (id: string) => call<Annotation>('Annotation', id),
  deleteDocument: (id: string) => call<void>('DeleteDocument', id),
  readerAnnotations: (doc: string, offset: number, limit: number) => call<AnnotationPage>('ReaderAnnotations', doc, offset, limit),
  readerAuthors: (doc: string) => call<AuthorCount[]>('ReaderAuthors', doc),
  readerMatches: (doc: string, tag: string, author: string, from: number, to: number) =>
    call<string[]>('ReaderMatches', doc, tag, author, from, to),
  readerStep: (doc: string, tag: string, author: string, from: string, dir: number) =>
    call<ListedAnnotation>('ReaderStep', doc, tag, author, from, dir),
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

  search: (q: Query) => call<Results>('Search', q),
  findInDocument: (doc: string, q: string) => call<Hit[]>('FindInDocument', doc, q),
  // sentences: tag the sentence around each hit instead of the matched words.
  tagAllHits: (q: Query, tag: string, preview: boolean, sentences = false) => call<number>('TagAllHits', q, tag, preview, sentences),
  importDialog: () => call<Report>('ImportDialog'),
  importFolderDialog: () => call<Report>('ImportFolderDialog'),
  importDropped: (files: { name: string; data: string }[]) => call<Report>('ImportDropped', files),
  cancelImport: () => call<void>('CancelImport'),
  exportFormats: () => call<{ name: string; ext: string; description: string; bom: boolean; perDocument: boolean; perAnnotation: boolean }[]>('ExportFormats'),
  exportDialog: (req: ExportRequest) => call<string>('ExportDialog', req),
  newVersionDialog: (doc: string) => call<VersionReport | null>('NewVersionDialog', doc),
  importNewVersion: (doc: string, path: string) => call<VersionReport>('ImportNewVersion', doc, path),
  // Web capture: fetch pages into the library, check captured documents for edits (empty = all), and the
  // captured page (sanitized HTML for a sandboxed iframe's srcdoc, never for this page's DOM).
  importURLs: (urls: string[]) => call<URLResult[]>('ImportURLs', urls),
  refreshDocuments: (ids: string[]) => call<RefreshResult[]>('RefreshDocuments', ids),
  // when each captured document's page was last fetched (RFC 3339 UTC by id), and deleting a selection
  captureChecks: () => call<Record<string, string>>('CaptureChecks'),
  deleteDocuments: (ids: string[]) => call<void>('DeleteDocuments', ids),
  capturedPage: (doc: string, n: number) => call<string>('CapturedPage', doc, n),
  versions: (doc: string) => call<VersionInfo[]>('Versions', doc),
  openVersion: (doc: string, n: number) => call<Reading>('OpenVersion', doc, n),
  reviewQueue: () => call<ReviewItem[]>('ReviewQueue'),
  acceptAnchor: (id: string) => call<void>('AcceptAnchor', id),
  keepOrphan: (id: string, keep: boolean) => call<void>('KeepOrphan', id, keep),
  reattach: (id: string, start: number, end: number) => call<Annotation>('Reattach', id, start, end),
  diff: (doc: string, from: number, to: number) => call<DiffOp[]>('Diff', doc, from, to),
  versionDiff: (doc: string, from: number, to: number) => call<VersionDiff>('VersionDiff', doc, from, to),
  annotatedChanges: () => call<AnnotatedChange[]>('AnnotatedChanges'),
  openLink: (url: string) => call<void>('OpenLink', url),
  pages: (doc: string, version = 0) => call<PageInfo>('Pages', doc, version),
  openOriginal: (doc: string, version: number, page: number) => call<void>('OpenOriginal', doc, version, page),
  importWithPassword: (path: string, password: string) => call<Report>('ImportWithPassword', path, password),
  trackQuote: (doc: string, quote: string) => call<QuoteMatch[]>('TrackQuote', doc, quote),
  undo: () => call<string>('Undo'),
  redo: () => call<string>('Redo'),
  undoState: () => call<UndoState>('UndoState'),
  undoStep: (undo: boolean) => call<NextStep>('UndoStep', undo),
  mergeDialog: () => call<MergePreview>('MergeDialog'),
  mergeApply: (path: string, opt: MergeOptions) => call<MergeReport>('MergeApply', path, opt),
  agreement: (f: AgreementFilter) => call<AgreementReport>('Agreement', f),
  adoptAnnotation: (id: string, tag: string) => call<Annotation>('AdoptAnnotation', id, tag),
  dropAnnotationTag: (id: string, tag: string) => call<boolean>('DropAnnotationTag', id, tag),
  keepBoth: (d: Disagreement) => call<void>('KeepBoth', d),
  reopenDisagreement: (d: Disagreement) => call<void>('ReopenDisagreement', d),
  authors: () => call<AuthorCount[]>('Authors'),
  documentsBy: (authors: string[]) => call<Doc[]>('DocumentsBy', authors),
  tagsBy: (authors: string[]) => call<Tag[]>('TagsBy', authors),
  author: () => call<string>('Author'),
  setAuthor: (name: string) => call<void>('SetAuthor', name),

  settings: () => call<Record<string, string>>('Settings'),
  setSetting: (key: string, value: string) => call<void>('SetSetting', key, value),
  info: () => call<AppInfo>('Info'),
  menuActions: () => call<MenuAction[]>('MenuActions'),
  opened: (id: string) => call<void>('Opened', id),
  recent: () => call<RecentDoc[]>('Recent'),
  backupDialog: () => call<string>('BackupDialog'),
  takeOpened: () => call<Report>('TakeOpened'),
  pendingOpen: () => call<number>('PendingOpen'),
  quit: () => call<void>('Quit'),
}


// Wails events (window.runtime is injected by Wails); returns an unsubscribe function.
export function onEvent(name: string, cb: (data: any) => void): () => void {
  const rt = (window as unknown as { runtime?: { EventsOnMultiple: (n: string, cb: (d: any) => void, max: number) => () => void } }).runtime
  return rt ? rt.EventsOnMultiple(name, cb, -1) : () => {}
}

// Team sync through a CouchDB project (app/sync.go, teams/sync): Settings › Team sync and the Coders
// view's sync conflicts. The password is never sent back: it lives in the system keyring.
export interface SyncSettings {
  server: string
  project: string
  user: string
  keepTextsLocal: boolean
  hasPassword: boolean // one is kept in the keyring for these settings
  keyringError: string // why the keyring could not be asked ("" when it could)
}

// The status line (Go's app.SyncState: teams/sync.Status and whether the window is watching).
export interface SyncStatus {
  server: string
  project: string
  user: string
  lastSynced: string // zero time ("0001-…"): never
  lastError: string
  pending: number
  conflicts: number
  refused: number // refused pushes waiting for a retry or discard
  keepTextsLocal: boolean
  watching: boolean
}

export interface SyncConflictSummary { id: string; winner: string; losers: string[] }

// What one round did (teams/sync.Result).
export interface SyncResult {
  server: string
  project: string
  pushed: number
  deleted: number
  pulled: number
  conflicts: SyncConflictSummary[]
  problems: string[]
  refused: SyncRefusal[] // refused by the server in this round
  notes: string[] // what the person should know of this round (a split version history joined)
  since: string
  checkpoint: string
}

// A push the server refused (its reason), waiting here to be retried or discarded (teams/sync.Refusal).
export interface SyncRefusal { key: string; kind: string; what: string; reason: string; at: string; deletion: boolean }

// A conflict a pull kept: winner is the body applied here, loser the one kept on the server
// ({"_deleted": true}: deleted there); others the further losing versions (three libraries or more).
export interface SyncLoser { loser: unknown; loserRev: string; reason: string }
export interface SyncConflict {
  id: string
  kind: string
  winner: unknown
  loser: unknown
  loserRev: string
  reason: string
  others?: SyncLoser[]
}

export type SyncChoice = 'winner' | 'loser' | 'both'

// A document another library removed that this one still has (teams/sync.RemovalNotice).
export interface SyncRemoval { docId: string; title: string; sha256: string; by: string; at: string }

export const syncApi = {
  settings: () => call<SyncSettings>('SyncSettings'),
  setSettings: (s: SyncSettings) => call<void>('SetSyncSettings', s),
  savePassword: (password: string) => call<void>('SaveSyncPassword', password),
  test: (s: SyncSettings, password: string) => call<void>('TestSyncConnection', s, password),
  syncNow: () => call<SyncResult>('SyncNow'),
  status: () => call<SyncStatus>('SyncStatus'),
  conflicts: () => call<SyncConflict[]>('SyncConflicts'),
  resolve: (id: string, choice: SyncChoice, loserRev = '') => call<void>('ResolveSyncConflict', id, choice, loserRev),
  removals: () => call<SyncRemoval[]>('SyncRemovals'),
  settleRemoval: (sha256: string, deleteToo: boolean) => call<void>('SettleSyncRemoval', sha256, deleteToo),
  refused: () => call<SyncRefusal[]>('SyncRefused'),
  settleRefused: (key: string, discard: boolean) => call<void>('SettleSyncRefused', key, discard),
}
