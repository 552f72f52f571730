// Requests to the Coders view from elsewhere (the command palette).
export const coders = $state({ mergeRequested: false })
