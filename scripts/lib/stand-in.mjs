/**
 * The in-memory Convex stand-in (tests/convex-server) as a child process, for `npm run demo` and the
 * `npm run dev` fallback, and the banner both print so nobody mistakes it for a real deployment.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startChild, waitForHttp } from './children.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Starts the stand-in; `env` carries SITE_URL, AUTH_PROXY_SECRET, BETTER_AUTH_SECRET. Returns the child
 * (startChild's handle) with `ready`, which resolves once it answers and rejects if it exits first.
 */
export function startStandIn({ port, sitePort, env }) {
  const child = startChild(
    'convex',
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'tests/convex-server/main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, CONVEX_PORT: String(port), CONVEX_SITE_PORT: String(sitePort) },
    },
  )
  const ready = waitForHttp(`http://127.0.0.1:${sitePort}/api/auth/ok`, {
    exited: child.exited,
    what: 'The Convex stand-in',
  })
  return { ...child, ready }
}

/** What the stand-in is, framed; `lines` go first (where to open the app). */
export function standInBanner(lines) {
  return [
    '',
    '  ────────────────────────────────────────────────────────────────────────────',
    ...lines.map((line) => `    ${line}`),
    '',
    '    The backend is an IN-MEMORY TEST DOUBLE of Convex (tests/convex-server),',
    '    not a real deployment. Accounts and data are lost when it stops or restarts.',
    '    No Convex account and no network access are needed.',
    '    Press Ctrl-C to stop.',
    '  ────────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n')
}
