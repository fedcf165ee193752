#!/usr/bin/env node
/**
 * `npm run demo`: the production app on an in-memory Convex test double. No Convex account, no network,
 * no input. Data lives in memory and is gone when this stops.
 *
 *   1. `vite build`, skipped when .output/server/index.mjs is newer than app/, lib/, convex/ and the configs;
 *   2. the in-memory Convex server (tests/convex-server) on CONVEX_PORT / CONVEX_SITE_PORT (3210 / 3211);
 *   3. `node .output/server/index.mjs` (Nitro's Node server) on PORT (3000), HOST (127.0.0.1), with SITE_URL=http://localhost:$PORT;
 * with fresh random secrets each run. Ctrl-C stops both; if either exits on its own, the other is stopped
 * and the demo exits non-zero. `--oidc` also starts a local OpenID provider (tests/support/oidc-provider.ts) on
 * OIDC_PORT (3220) and configures it as the generic OIDC sign-in provider.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAppServer } from './lib/app-server.mjs'
import { ensureBuild } from './lib/build.mjs'
import { onTerminationSignal, startChild, stopAll, waitForHttp } from './lib/children.mjs'
import { standInBanner, startStandIn } from './lib/stand-in.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function portFromEnv(name, fallback) {
  const raw = process.env[name] ?? String(fallback)
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number between 1 and 65535, got "${raw}"`)
    process.exit(1)
  }
  return port
}

const appPort = portFromEnv('PORT', 3000)
const convexPort = portFromEnv('CONVEX_PORT', 3210)
const convexSitePort = portFromEnv('CONVEX_SITE_PORT', 3211)
const host = process.env.HOST ?? '127.0.0.1'
const withOidc = process.argv.includes('--oidc')
const oidcPort = portFromEnv('OIDC_PORT', 3220)

// Better Auth accepts requests from this origin only: open the demo at this address.
const appUrl = `http://localhost:${appPort}`
const convexUrl = `http://127.0.0.1:${convexPort}`
const convexSiteUrl = `http://127.0.0.1:${convexSitePort}`
const secret = () => randomBytes(32).toString('base64')
// The two processes must agree on these; the Convex side also gets its own BETTER_AUTH_SECRET.
const shared = { SITE_URL: appUrl, AUTH_PROXY_SECRET: secret() }

let stopping = false
async function shutdown(reason, exitCode) {
  if (stopping) return
  stopping = true
  if (reason) console.log(`\n${reason}: stopping the demo (in-memory data is discarded)...`)
  await stopAll()
  process.exit(exitCode)
}
onTerminationSignal(shutdown)

try {
  await ensureBuild(ROOT)
  if (stopping) await new Promise(() => {})

  let oidcEnv = {}
  if (withOidc) {
    const issuer = `http://127.0.0.1:${oidcPort}`
    const oidc = startChild(
      'oidc',
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'tests/support/oidc-provider-main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, OIDC_PORT: String(oidcPort), SITE_URL: appUrl },
      },
    )
    oidc.exited.then(({ code, signal }) =>
      shutdown(`The OpenID provider exited (${code ?? signal}; if its port is in use, set OIDC_PORT)`, code || 1),
    )
    await waitForHttp(`${issuer}/.well-known/openid-configuration`, {
      exited: oidc.exited,
      what: 'The OpenID provider',
    })
    const { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = await import('../tests/support/oidc-client.ts')
    oidcEnv = { OIDC_ISSUER: issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME: 'Local OpenID provider' }
  }

  let convexReady = false
  const convex = startStandIn({
    port: convexPort,
    sitePort: convexSitePort,
    env: { ...shared, ...oidcEnv, BETTER_AUTH_SECRET: secret() },
  })
  convex.exited.then(({ code, signal }) => {
    const hint = convexReady ? '' : ` (if a port is in use, set CONVEX_PORT and CONVEX_SITE_PORT)`
    return shutdown(`The Convex test server exited (${code ?? signal})${hint}`, code || 1)
  })
  await convex.ready
  convexReady = true

  const app = startAppServer({ port: appPort, host, convexUrl, convexSiteUrl, env: shared })
  app.exited.then(({ code, signal }) => shutdown(`The app server exited (${code ?? signal})`, code || 1))
  await waitForHttp(`http://127.0.0.1:${appPort}/`, { exited: app.exited, what: 'The app server' })

  const oidcLines = withOidc
    ? ['"Continue with Local OpenID provider": at its login page, type any email (verified) and any password.']
    : []
  console.log(standInBanner([`Gatehouse demo: open ${appUrl}`, ...oidcLines]))
} catch (error) {
  if (!stopping) {
    console.error(`\nDemo failed to start: ${error.message}`)
    await shutdown(null, 1)
  }
}
