// Which desktop the window runs on, for the font stacks in style.css (:root[data-platform]). Only Windows and
// macOS get named families: on Linux every family that fontconfig lacks costs WebKitGTK ~40 ms of the first
// paint (system-ui ~130 ms; BENCHMARKS.md, start-up), so Linux asks for the generic families, which
// fontconfig maps to the desktop's own choice. Read from navigator.platform, not the user agent: WebKitGTK's
// user agent may claim to be a Mac.

export type Platform = 'windows' | 'mac' | 'linux'

export function platformOf(platform: string): Platform {
  if (/^win/i.test(platform)) return 'windows'
  if (/^mac/i.test(platform)) return 'mac'
  return 'linux'
}
