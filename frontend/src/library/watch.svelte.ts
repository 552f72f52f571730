// The optional periodic Check for updates while the window is open (off by default): the interval in
// minutes from the refresh_interval setting (validated in Go), 0 = off.
export const watch = $state({ minutes: 0, lastRun: '' })
