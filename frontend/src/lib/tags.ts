import type { Tag } from './api'
import { fold } from './library'

// A tree may be 10,000 levels deep (the store's limit), where the full paths of all tags together run to
// hundreds of megabytes and a recursive walk runs out of stack. So a displayed path keeps the last levels up
// to PATH_CHARS characters ("…/parent/child"), rows indent at most MAX_INDENT levels, and nothing recurses.
export const PATH_CHARS = 100
export const MAX_INDENT = 12

// Paths are cached per byId map (a new map comes with every change of the tags).
const pathCache = new WeakMap<Map<string, Tag>, Map<string, string>>()
const foldedCache = new WeakMap<Map<string, Tag>, Map<string, { path: string; name: string }>>()

// "parent/child" path of a tag, for display and for type-ahead; a very deep one starts with "…/".
export function tagPath(tag: Tag, byId: Map<string, Tag>): string {
  let cache = pathCache.get(byId)
  if (!cache) pathCache.set(byId, (cache = new Map()))
  const known = cache.get(tag.id)
  if (known !== undefined) return known
  const names = [tag.name]
  let length = tag.name.length
  let cut = false
  const seen = new Set([tag.id])
  for (let p = byId.get(tag.parent); p && !seen.has(p.id); p = byId.get(p.parent)) {
    if (length + 1 + p.name.length > PATH_CHARS) {
      cut = true
      break
    }
    names.push(p.name)
    length += 1 + p.name.length
    seen.add(p.id)
  }
  if (cut) names.push('…')
  const path = names.reverse().join('/')
  cache.set(tag.id, path)
  return path
}

export function byId(tags: Tag[]): Map<string, Tag> {
  return new Map(tags.map((t) => [t.id, t]))
}

// Tags in tree order (parents before children, siblings by the person's order). level is the real depth
// (0 = top level); depth is what to indent by, at most MAX_INDENT.
export function tree(tags: Tag[]): { tag: Tag; depth: number; level: number }[] {
  const children = new Map<string, Tag[]>()
  const ids = new Set(tags.map((t) => t.id))
  for (const t of tags) {
    const parent = ids.has(t.parent) ? t.parent : ''
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent)!.push(t)
  }
  for (const list of children.values()) list.sort((a, b) => a.order - b.order)
  const out: { tag: Tag; depth: number; level: number }[] = []
  const visited = new Set<string>()
  // Depth first without recursion: a stack of children lists and how far each has been walked.
  const stack: { list: Tag[]; next: number }[] = [{ list: children.get('') ?? [], next: 0 }]
  while (stack.length) {
    const top = stack[stack.length - 1]
    if (top.next >= top.list.length) {
      stack.pop()
      continue
    }
    const t = top.list[top.next++]
    if (visited.has(t.id)) continue // a cycle the store would have refused
    visited.add(t.id)
    const level = stack.length - 1
    out.push({ tag: t, depth: Math.min(level, MAX_INDENT), level })
    const kids = children.get(t.id)
    if (kids) stack.push({ list: kids, next: 0 })
  }
  return out
}

// Type-ahead: tags whose path contains every typed word; prefix matches of the name first.
// Pass the tags' byId map to reuse its cached paths across keystrokes.
export function suggest(tags: Tag[], query: string, exclude: string[] = [], limit = 8, map = byId(tags)): Tag[] {
  const q = fold(query.trim())
  const words = q.split(/\s+/).filter(Boolean)
  let folded = foldedCache.get(map)
  if (!folded) foldedCache.set(map, (folded = new Map()))
  const foldedOf = (t: Tag) => {
    let f = folded.get(t.id)
    if (f === undefined) folded.set(t.id, (f = { path: fold(tagPath(t, map)), name: fold(t.name) }))
    return f
  }
  return tags
    .filter((t) => !exclude.includes(t.id))
    .map((t) => ({ t, ...foldedOf(t) }))
    .filter(({ path }) => words.every((w) => path.includes(w)))
    .sort((a, b) => Number(!a.name.startsWith(q)) - Number(!b.name.startsWith(q)) || a.t.order - b.t.order)
    .slice(0, limit)
    .map(({ t }) => t)
}

// The first nine tags in the person's order get the digit keys 1–9.
export function digitTags(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => a.order - b.order).slice(0, 9)
}

// Obsidian-style tag: spaces become "-", nesting becomes "/".
export function hashtag(tag: Tag, map: Map<string, Tag>): string {
  return '#' + tagPath(tag, map).replace(/\s+/g, '-')
}
