// The reader benchmark, run inside the page so Chromium and WebKitGTK are measured the same way
// (scripts/bench-reader.sh). Plan: {"engine": "webkit"|"chromium", "docs": {"plain": id, "annotated": id}, "runs": n},
// optionally "settle": ms on the library before the first open (scripts/bench-first-open.sh: the library has
// painted and its prewarm ran, as when a person looks at the list before clicking; default 400 like the rest).
import { tick } from 'svelte'
import { api, dev, hasDev } from './api'
import { nav, openDocument } from './nav.svelte'

interface Plan { engine: string; docs: Record<string, string>; runs: number; settle?: number }

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]
}

function waitPainted(): Promise<void> {
  return new Promise((resolve) => window.addEventListener('gloss:painted', () => resolve(), { once: true }))
}

// Scroll by `step` px in each of `frames` animation frames; frame times from rAF deltas.
async function scrollFrames(frames: number, step: number) {
  const deltas: number[] = []
  let last = await nextFrame()
  for (let i = 0; i < frames; i++) {
    window.scrollBy(0, step)
    const t = await nextFrame()
    deltas.push(t - last)
    last = t
  }
  return { p50: percentile(deltas, 0.5), p95: percentile(deltas, 0.95), over20: deltas.filter((d) => d > 20).length }
}

export async function maybeRunBench() {
  if (!hasDev()) return // the plan comes through a dev-build seam: the shipped window never benchmarks
  const raw = await dev.benchPlan()
  if (!raw) return
  const plan: Plan = JSON.parse(raw)
  const engine = /Chrome\//.test(navigator.userAgent) ? 'chromium' : 'webkit'
  if (plan.engine !== engine) return // the dev build's own window must not run the browser's benchmark
  const results: Record<string, unknown>[] = []
  for (let run = 0; run < plan.runs; run++) {
    for (const [kind, id] of Object.entries(plan.docs)) {
      nav.view = 'library'
      await tick()
      await sleep(results.length === 0 && plan.settle ? plan.settle : 400)
      const painted = waitPainted()
      const t0 = performance.now()
      openDocument(id)
      await painted
      const open = performance.now() - t0
      await sleep(500)
      const scroll = await scrollFrames(300, 100)
      const call = Math.round((window as unknown as { glossOpenCall: number }).glossOpenCall)
      results.push({ run, kind, open: Math.round(open), call, ...scroll, marks: document.querySelectorAll('article mark').length, nodes: document.querySelectorAll('article *').length })
    }
  }
  nav.view = 'library'
  await api.painted('bench', { engine, results })
}
