import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// index.html's comments explain the CSP to whoever reads the source; the copy embedded in the binary does
// without them (1.3 KB of the 32 MB goal).
const dropHtmlComments = { name: 'drop-html-comments', transformIndexHtml: (html: string) => html.replace(/<!--[\s\S]*?-->\s*/g, '') }

export default defineConfig({
  plugins: [svelte(), dropHtmlComments],
  build: { chunkSizeWarningLimit: 2000 },
})
