import { describe, expect, it } from 'vitest'
import { platformOf } from './platform'

describe('platformOf', () => {
  it('names the desktop by navigator.platform', () => {
    expect(platformOf('Win32')).toBe('windows')
    expect(platformOf('MacIntel')).toBe('mac')
    expect(platformOf('Linux x86_64')).toBe('linux')
    expect(platformOf('Linux aarch64')).toBe('linux')
  })
  it('takes anything else for Linux, whose generic families cost nothing to find', () => {
    expect(platformOf('')).toBe('linux')
    expect(platformOf('FreeBSD amd64')).toBe('linux')
  })
})

// A family named anywhere but style.css's per-platform rules would cost every Linux start its lookup again.
describe('font stacks', () => {
  it('every view takes its fonts from the three stacks', () => {
    const files = import.meta.glob<string>(['../**/*.svelte', '../**/*.css'], { query: '?raw', import: 'default', eager: true })
    expect(Object.keys(files).length).toBeGreaterThan(20)
    const named: string[] = []
    for (const [f, text] of Object.entries(files)) {
      const css = (f.endsWith('.css') ? text : (text.match(/<style>[\s\S]*?<\/style>/g) ?? []).join('\n'))
        .replace(/:root\[data-platform='(windows|mac)'\][^\n]*/g, '')
      for (const m of css.matchAll(/(?<![-\w])font(-family)?:\s*([^;}]+)/g)) {
        if (!/^(inherit|var\(--(ui|text|mono)-font\))$/.test(m[2].trim().replace(/^(\d+ )?[\d.]+r?em(\/[\d.]+)? /, ''))) named.push(`${f}: ${m[0]}`)
      }
    }
    expect(named).toEqual([])
  })
})
