import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright specs live in e2e/ and must not be picked up here.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Generous: lab tests simulate minutes of virtual time, and CI machines have 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
