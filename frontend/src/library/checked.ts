// How the Library and the Reader say when a captured page was last checked: relative while recent
// ("checked just now", "checked 5 min ago", "checked 3 h ago"), then the date, always with the exact UTC
// time for the tooltip.

export function checkedLabel(iso: string, now: Date = new Date()): { text: string; title: string } | null {
  const at = new Date(iso)
  if (!iso || Number.isNaN(at.getTime())) return null
  const title = `Last checked for updates ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const s = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000))
  let text: string
  if (s < 60) text = 'checked just now'
  else if (s < 3600) text = `checked ${Math.floor(s / 60)} min ago`
  else if (s < 86400) text = `checked ${Math.floor(s / 3600)} h ago`
  else if (s < 7 * 86400) text = `checked ${Math.floor(s / 86400)} d ago`
  else text = `checked ${at.toISOString().slice(0, 10)}`
  return { text, title }
}
