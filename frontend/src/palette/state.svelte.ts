// Whether the command palette is open: the views' own keys stand down while it is.
export const palette = $state({ open: false })
