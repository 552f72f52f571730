import type { Tag } from './api'
import { fold } from './library'

// "parent/child" path of a tag, for display and for type-ahead.
export function tagPath(tag: Tag, byId: Map<string, Tag>): string {
  const names = [tag.name]
  const seen = new Set([tag.id])
  for (let p = byId.get(tag.parent); p && !seen.has(p.id); p = byId.get(p.parent)) {
    names.unshift(p.name)
    seen.add(p.id)
  }
  return names.join('/')
}

export function byId(tags: Tag[]): Map<string, Tag> {
  return new Map(tags.map((t) => [t.id, t]))
}

// Tags in tree order (parents before children, siblings by the person's order) with their depth.
export function tree(tags: Tag[]): { tag: Tag; depth: number }[] {
  const children = new Map<string, Tag[]>()
  const ids = new Set(tags.map((t) => t.id))
  for (const t of tags) {
    const parent = ids.has(t.parent) ? t.parent : ''
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent)!.push(t)
  }
  const out: { tag: Tag; depth: number }[] = []
  const walk = (parent: string, depth: number) => {
    for (const t of (children.get(parent) ?? []).sort((a, b) => a.order - b.order)) {
      out.push({ tag: t, depth })
      walk(t.id, depth + 1)
    }
  }
  walk('', 0)
  return out
}

// Type-ahead: tags whose path contains every typed word; prefix matches of the name first.
export function suggest(tags: Tag[], query: string, exclude: string[] = [], limit = 8): Tag[] {
  const map = byId(tags)
  const q = fold(query.trim())
  const words = q.split(/\s+/).filter(Boolean)
  return tags
    .filter((t) => !exclude.includes(t.id))
    .map((t) => ({ t, path: fold(tagPath(t, map)), name: fold(t.name) }))
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
