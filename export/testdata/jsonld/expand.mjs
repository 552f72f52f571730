// node expand.mjs EXPORT.jsonld [ANNO.jsonld]: expands the file with jsonld.js, loading the W3C context from
// ../w3c/anno.jsonld (never the network), and compares what went in with what came out: every
// non-keyword key with a value must have become an expanded property, every string value must still be
// there (as @value or @id). Prints "ok" or the losses, and exits 1 on any.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import jsonld from 'jsonld'

const here = dirname(fileURLToPath(import.meta.url))
const anno = JSON.parse(readFileSync(process.argv[3] ?? join(here, '..', 'w3c', 'anno.jsonld'), 'utf8'))
const documentLoader = async (url) => {
  if (url === 'http://www.w3.org/ns/anno.jsonld') return { contextUrl: null, documentUrl: url, document: anno }
  throw new Error(`refusing to load ${url}: tests never touch the internet`)
}

const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const expanded = await jsonld.expand(doc, { documentLoader, safe: false })

// Count the string leaves on both sides: expansion keeps values, so a value that is gone was dropped
// (its key was undeclared) or turned into something else.
function strings(v, out) {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== '@context') strings(x, out)
  return out
}
function count(list) {
  const m = new Map()
  for (const s of list) m.set(s, (m.get(s) ?? 0) + 1)
  return m
}
const before = count(strings(doc, []))
const after = count(strings(expanded, []))
const lost = []
for (const [s, n] of before) {
  // Values that are terms of the context (types, motivations, purposes) come out as IRIs.
  if ((after.get(s) ?? 0) < n && !(s in anno['@context']) && !isTermValue(s)) lost.push(`${JSON.stringify(s).slice(0, 80)} (${n - (after.get(s) ?? 0)} of ${n})`)
}
function isTermValue(s) {
  const ctx = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']]
  return ctx.some((c) => c && typeof c === 'object' && s in c)
}
// A relative IRI is a value the expansion could not resolve: a text where an IRI belongs.
const relative = []
;(function walk(v) {
  if (Array.isArray(v)) v.forEach(walk)
  else if (v && typeof v === 'object') {
    if (typeof v['@id'] === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v['@id'])) relative.push(v['@id'])
    Object.values(v).forEach(walk)
  }
})(expanded)
if (lost.length || relative.length) {
  for (const l of lost.slice(0, 20)) console.log('dropped: ' + l)
  for (const r of relative.slice(0, 20)) console.log('relative IRI: ' + JSON.stringify(r).slice(0, 80))
  process.exit(1)
}
console.log('ok')
