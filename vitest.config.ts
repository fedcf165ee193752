import { defineConfig } from 'vitest/config'

export default defineConfig({
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
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['lib/**/*.test.ts', 'tests/convex-server/**/*.test.ts', 'tests/app/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
})
