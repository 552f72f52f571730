import { defineConfig } from '@playwright/test'

// Driven by scripts/e2e.sh, which starts the Wails dev build and sets APP_URL. Debian's Chromium only:
// browsers are never downloaded.
export default defineConfig({
  testDir: './e2e',
  workers: 1,
  timeout: 30_000,
  // CI shares two cores with the dev build, Xvfb and Chromium; one retry there keeps a timing flake from
  // blocking a landing, and the list reporter still names every test that needed it ("flaky").
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '../artifacts/e2e',
  use: {
    baseURL: process.env.APP_URL,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
})
