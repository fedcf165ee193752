/** `npx tsx tests/convex-server/main.ts`: the in-memory Convex test double as a process. */
import { startConvexTestServer } from './server'

function port(name: string, fallback: number): number {
  const raw = process.env[name] ?? String(fallback)
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number, got "${raw}"`)
    process.exit(1)
  }
  return value
}

// A stray rejection inside convex/ code (e.g. a scheduled function) must not take the server down.
process.on('unhandledRejection', (reason) => console.error('[convex-test-server] unhandled rejection:', reason))

const server = await startConvexTestServer({
  port: port('CONVEX_PORT', 3210),
  sitePort: port('CONVEX_SITE_PORT', 3211),
  host: process.env.CONVEX_HOST,
  // Unset (the demo): nobody can call internal functions. Tests set it to read the email outbox.
  adminKey: process.env.CONVEX_ADMIN_KEY || undefined,
})

console.log(
  [
    '',
    '  In-memory Convex TEST DOUBLE (convex-test), not a real Convex backend.',
    '  All data is kept in memory and is lost when this process exits.',
    '',
    `VITE_CONVEX_URL=${server.url}`,
    `VITE_CONVEX_SITE_URL=${server.siteUrl}`,
    `Admin key for internal functions: ${process.env.CONVEX_ADMIN_KEY ? 'on (CONVEX_ADMIN_KEY)' : 'off'}`,
    '',
  ].join('\n'),
)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    console.log(`\n  ${signal}: stopping the in-memory Convex test double (data discarded).`)
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
}
