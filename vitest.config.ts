import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The app's `~/` and `@lib/` aliases, for tests of app modules (tests/app).
  resolve: { tsconfigPaths: true },
  test: {
    // vi.stubEnv in one test must not leak into the next.
    unstubEnvs: true,
    // Each journey hashes several passwords (scrypt) on a 2-core machine: generous, not a performance check.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'convex',
          include: ['tests/convex/**/*.test.ts'],
          // The Convex runtime is a web-standard (edge) runtime, not Node.
          environment: 'edge-runtime',
          server: { deps: { inline: ['convex-test', '@convex-dev/better-auth'] } },
          env: {
            // Under NODE_ENV=test or TEST=true (which vitest sets) Better Auth skips its origin (CSRF) and
            // default-secret checks and invents a localhost client IP.
            NODE_ENV: 'production',
            TEST: 'false',
            // Set on every Convex deployment before any module loads; convex/auth.config.ts reads it at load time.
            CONVEX_SITE_URL: 'https://gatehouse-test.convex.site',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'convex-server',
          include: ['tests/convex-server/**/*.test.ts'],
          environment: 'node',
          env: { NODE_ENV: 'production', TEST: 'false' },
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['lib/**/*.test.ts', 'tests/app/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
})
