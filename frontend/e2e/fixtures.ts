import { test as base, expect } from '@playwright/test'

// Every page fails its test on an uncaught error, except the one Wails' own dev overlay always throws.
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('pageerror', (e) => {
      if (!/reading 'nodes'/.test(e.message)) errors.push(e.message)
    })
    await use(page)
    expect(errors, 'uncaught page errors').toEqual([])
  },
})
export { expect }

export const seedTitles = [
  'Kamala Ran S.F. Program That Helped Illegals Who Were Arrested Avoid Deportation',
  'Kamala Harris Put Criminal Illegal Alien in Jobs Program Before He Brutally Assaulted Young Woman',
  'Records show ICE backtracking on immigration program',
  'CA AG Harris: Law Enforcement Doesn’t Have to Comply With Secure Communities',
]
