import { defineConfig } from 'vitest/config';

/**
 * Three tiers, one runner:
 * - unit:   pure logic (shared/, renderer logic, electron main logic behind its seam, emulator formats)
 * - server: the backend over real sockets and HTTP against a real database
 *           (PGlite by default; PostgreSQL when HUIXIN_TEST_DATABASE_URL is set)
 * - e2e:    the real UI in Debian's Chromium against a real server and the storefront emulator
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,renderer,electron,emulator}/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // The database is the shared resource; files run one at a time on these 2-core machines.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
