import { defineConfig } from '@playwright/test';

// Debian's Chromium (Playwright cannot download browsers here); LVSLAB_CHROMIUM overrides.
const executablePath = process.env.LVSLAB_CHROMIUM ?? '/usr/bin/chromium';
const PORT = Number(process.env.LVSLAB_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    video: 'off',
  },
  webServer: {
    // The suite runs against the production build (npm run test:e2e builds first).
    command: `npx vite preview --strictPort --port ${PORT} --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
