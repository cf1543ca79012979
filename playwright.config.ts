import { defineConfig } from '@playwright/test';

/** Port for the end-to-end server: the built site and the API in one process, fresh data each run. */
const PORT = Number(process.env.E2E_PORT ?? 4329);
export const E2E_DATA_DIR = 'data/e2e';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  // The machine has two cores, shared with the server under test: be patient, not flaky.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Empties the data dir and seeds staff accounts before starting functions/node.ts. (Playwright
    // starts webServer before globalSetup, so cleaning data there pulled the DB from under the server.)
    command: `node tests/e2e/serve.ts`,
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      FANZHA_DATA_DIR: E2E_DATA_DIR,
    },
  },
});
