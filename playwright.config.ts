/*
 * The browser test: Backstage with Storefleet (tools/e2e/serve.sh, against the sim cluster or
 * STOREFLEET_KUBECONFIG) driven through Debian's Chromium. `npm test` runs it after Jest;
 * alone: `yarn test:e2e`. Screenshots of every step land in artefacts/e2e/.
 */
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';

const chromium =
  process.env.CHROMIUM_PATH ||
  execFileSync('bash', ['tools/e2e/chromium.sh'], { encoding: 'utf8' }).trim();

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  // One Backstage and one cluster: the tests run in order, each on its own page.
  workers: 1,
  timeout: 15 * 60_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'artefacts/e2e/results.json' }]],
  outputDir: 'artefacts/e2e/test-output',
  webServer: {
    command: 'bash tools/e2e/serve.sh',
    url: 'http://localhost:7107/.backstage/health/v1/readiness',
    // Frontend and backend are both up once the frontend answers; see the test's first step.
    timeout: 10 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
  use: {
    baseURL: 'http://localhost:3100',
    actionTimeout: 60_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
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
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
