import { writeFileSync } from 'node:fs'
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// dist/.keep is committed so that `go vet ./...` and `go test ./...` work on a fresh clone (main.go embeds
// dist/); the build empties dist/, so it is written back afterwards.
const keepDist = {
  name: 'gloss-keep-dist',
  closeBundle() {
    writeFileSync('dist/.keep', 'placeholder: the frontend build replaces this folder (see vite.config.ts)\n')
  },
}

export default defineConfig({
  plugins: [svelte(), keepDist],
  build: { chunkSizeWarningLimit: 2000 },
})
