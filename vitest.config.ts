import { defineConfig } from 'vitest/config'

// Two projects: "node" (unit and integration tests of everything that runs in Node) and
// "browser" (Playwright driving Debian's Chromium against the browser preview).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/electron/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'test/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
})
