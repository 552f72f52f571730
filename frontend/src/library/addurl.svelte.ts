// Links handed to the Add from URL dialog from elsewhere: a text file of links dropped on the window
// (App.svelte's drop) opens the Library with the dialog importing them; any other file is imported as
// an article, as before.
import { isLinkFileName, linksInFiles } from '../lib/capturelinks'
import { importDroppedFiles } from '../lib/importing.svelte'
import { askAddURLs } from '../lib/intents.svelte'
import { nav } from '../lib/nav.svelte'

// readLinkFiles: the links of files that are all small text lists of links, else null.
export async function readLinkFiles(files: File[]): Promise<string[] | null> {
  if (!files.length || !files.every((f) => isLinkFileName(f.name, f.size))) return null
  return linksInFiles(await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() }))))
}

export async function dropFiles(files: File[]) {
  const urls = await readLinkFiles(files)
  if (!urls) return importDroppedFiles(files)
  askAddURLs(urls)
  nav.view = 'library'
}
