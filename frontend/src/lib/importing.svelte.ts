// One import at a time: its progress and, when done, its per-file report (components/ImportStatus.svelte).
import { api, type Report } from './api'
import { changed } from './changes.svelte'
import { toast } from './toast.svelte'

export const importing = $state({ running: false, report: null as Report | null })

export async function runImport(work: () => Promise<Report>) {
  importing.running = true
  importing.report = null
  try {
    const report = await work()
    importing.report = report.items.length ? report : null
    changed()
  } catch (e) {
    toast(String(e))
  } finally {
    importing.running = false
  }
}

// Files dropped on the window travel to Go as base64 (the page cannot give Go a path).
export async function importDroppedFiles(files: File[]) {
  const encoded = await Promise.all(
    files.map(async (f) => {
      const bytes = new Uint8Array(await f.arrayBuffer())
      let bin = ''
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return { name: f.name, data: btoa(bin) }
    }),
  )
  await runImport(() => api.importDropped(encoded))
}
