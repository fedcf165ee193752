#!/usr/bin/env node
/* global AbortSignal -- Node's global; the shared ESLint config lists browser-style globals only */
/**
 * `npm run dev`: the app in Vite dev mode (hot reload) against Convex.
 *
 * With a Convex deployment (CONVEX_DEPLOYMENT or CONVEX_SELF_HOSTED_URL in .env.local, or one `convex init`
 * can make: it asks to log in or to start a local deployment, which downloads the backend on first use):
 *   1. `convex init`, only while none is configured: writes CONVEX_DEPLOYMENT, VITE_CONVEX_URL and
 *      VITE_CONVEX_SITE_URL to .env.local. Unlike `convex dev --once` it pushes no code.
 *   2. The deployment's environment: BETTER_AUTH_SECRET, SITE_URL and AUTH_PROXY_SECRET are set when missing
 *      (`convex env list`, then one `convex env set` reading the values from stdin, never from the command
 *      line). AUTH_PROXY_SECRET is also kept in .env.local: the Start server signs with the same value.
 *   3. `convex dev` (push, then watch) and `vite dev --port $PORT` side by side, output prefixed.
 *
 * Without one (offline, no login, no backend download), or with `npm run dev -- --stand-in`: Vite against
 * the in-memory Convex stand-in (tests/convex-server) on CONVEX_PORT / CONVEX_SITE_PORT (3210 / 3211),
 * restarted (data lost) whenever a file in convex/ changes, after `npm run codegen`.
 *
 * Ctrl-C stops everything; if one child exits, the others are stopped too.
 * Environment: PORT (3000); SITE_URL (http://localhost:$PORT), used when the deployment has none yet.
 * Variables already in the environment win over .env.local.
 */
import { randomBytes } from 'node:crypto'
import { watch } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  onTerminationSignal,
  runCaptured,
  runInteractive,
  startChild,
  stopAll,
  stopChildren,
  waitForHttp,
} from './lib/children.mjs'
import { parseEnv, readEnvFile, setEnvFileVar } from './lib/env-file.mjs'
import { standInBanner, startStandIn } from './lib/stand-in.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ENV_FILE = path.join(ROOT, '.env.local')
const CONVEX_CLI = path.join(ROOT, 'node_modules/convex/bin/main.js')
const VITE_CLI = path.join(ROOT, 'node_modules/vite/bin/vite.js')
const SECRET_MIN_LENGTH = 32 // lib/policy.ts AUTH_SECRET_MIN_LENGTH

function portFromEnv(name, fallback) {
  const port = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`${name} must be a port number, got "${process.env[name]}".`)
  return port
}
const port = portFromEnv('PORT', 3000)
const localUrl = `http://localhost:${port}`
const CONVEX_HOST = 'https://api.convex.dev'

function fail(message) {
  console.error(`\nnpm run dev: ${message}`)
  process.exit(1)
}

/** .env.local overlaid with the process environment (which wins, as in Vite). */
const settings = () => ({ ...readEnvFile(ENV_FILE), ...process.env })
const newSecret = () => randomBytes(32).toString('base64')
const convex = (args, options) => runCaptured(process.execPath, [CONVEX_CLI, ...args], { cwd: ROOT, ...options })

/** The HTTP actions URL for a deployment URL: *.convex.cloud -> *.convex.site, a local :3210 -> :3211. */
function siteUrlFor(convexUrl) {
  const url = new URL(convexUrl)
  if (url.hostname.endsWith('.convex.cloud')) url.hostname = url.hostname.replace(/\.convex\.cloud$/, '.convex.site')
  else if (url.port) url.port = String(Number(url.port) + 1)
  else return null
  return url.origin
}

let stopping = false
async function shutdown(reason, exitCode) {
  if (stopping) return
  stopping = true
  console.log(`\n${reason}: stopping...`)
  await stopAll()
  process.exit(exitCode)
}
onTerminationSignal((signal) => shutdown(signal, 0))

const viteArgs = [VITE_CLI, 'dev', '--port', String(port), '--strictPort']

/** True when Convex's servers answer at all; without them neither login nor the local backend's download can work. */
async function convexReachable() {
  try {
    await fetch(CONVEX_HOST, { method: 'HEAD', signal: AbortSignal.timeout(4000) })
    return true
  } catch {
    return false
  }
}

// 1. A configured deployment, or one `convex init` can make; else the stand-in.
const isConfigured = (env) => Boolean(env.CONVEX_DEPLOYMENT || env.CONVEX_SELF_HOSTED_URL)
if (process.argv.includes('--stand-in')) {
  await runWithStandIn()
} else if (!isConfigured(settings())) {
  if (!(await convexReachable())) {
    console.log(
      `No Convex deployment is configured and ${CONVEX_HOST} cannot be reached, so the app runs against the in-memory stand-in.`,
    )
    await runWithStandIn()
  } else {
    console.log('No Convex deployment configured yet: running `npx convex init` (it may ask you to log in).\n')
    const code = process.stdin.isTTY
      ? await runInteractive(process.execPath, [CONVEX_CLI, 'init'], { cwd: ROOT })
      : (await convex(['init'])).code
    if (code !== 0 || !isConfigured(settings())) {
      console.log(
        'No Convex deployment could be configured (`npx convex dev --once` shows why), so the app runs against the in-memory stand-in.',
      )
      await runWithStandIn()
    } else {
      await runWithDeployment()
    }
  }
} else {
  await runWithDeployment()
}

async function runWithDeployment() {
  const env = settings()
  env.VITE_CONVEX_URL ||= env.CONVEX_SELF_HOSTED_URL
  if (!env.VITE_CONVEX_URL) fail('VITE_CONVEX_URL is missing from .env.local. Run `npx convex dev --once` to write it.')
  const convexSiteUrl = env.VITE_CONVEX_SITE_URL || siteUrlFor(env.VITE_CONVEX_URL)
  if (!convexSiteUrl)
    fail(`VITE_CONVEX_SITE_URL is missing from .env.local and cannot be derived from ${env.VITE_CONVEX_URL}.`)
  if (!env.VITE_CONVEX_SITE_URL) console.log(`VITE_CONVEX_SITE_URL not in .env.local; using ${convexSiteUrl}.`)

  // 2. The deployment's environment, and the secret both sides share.
  console.log('Checking the Convex deployment environment (`npx convex env list`)...')
  const listed = await convex(['env', 'list', '--include-values'])
  if (listed.code !== 0) {
    process.stderr.write(listed.stderr)
    fail('could not read the Convex deployment environment (`npx convex env list` failed, see above).')
  }
  const remote = parseEnv(listed.stdout)
  const origin = (url) => url.replace(/\/+$/, '')
  const siteUrl = origin(env.SITE_URL || remote.SITE_URL || localUrl)
  const toSet = {}

  if (!remote.BETTER_AUTH_SECRET) toSet.BETTER_AUTH_SECRET = newSecret()
  if (!remote.SITE_URL) toSet.SITE_URL = siteUrl
  else if (origin(remote.SITE_URL) !== siteUrl) {
    console.warn(
      `Warning: the deployment's SITE_URL is ${remote.SITE_URL} but SITE_URL here is ${siteUrl}; Better Auth will\n` +
        `         refuse the app's requests. Fix one of them, e.g. npx convex env set SITE_URL ${siteUrl}`,
    )
  }
  if (siteUrl !== localUrl) {
    console.warn(
      `Note: SITE_URL is ${siteUrl}, not ${localUrl}: open the app through ${siteUrl} or sign-in is refused.`,
    )
  }

  let authProxySecret = env.AUTH_PROXY_SECRET
  if (remote.AUTH_PROXY_SECRET) {
    if (authProxySecret && authProxySecret !== remote.AUTH_PROXY_SECRET) {
      console.warn("AUTH_PROXY_SECRET differed from the deployment's; using the deployment's value.")
    }
    authProxySecret = remote.AUTH_PROXY_SECRET
  } else {
    if (!authProxySecret || authProxySecret.length < SECRET_MIN_LENGTH) authProxySecret = newSecret()
    toSet.AUTH_PROXY_SECRET = authProxySecret
  }
  if (readEnvFile(ENV_FILE).AUTH_PROXY_SECRET !== authProxySecret) {
    try {
      setEnvFileVar(
        ENV_FILE,
        'AUTH_PROXY_SECRET',
        authProxySecret,
        'Shared with the Convex deployment (scripts/dev.mjs)',
      )
      console.log('Saved AUTH_PROXY_SECRET to .env.local.')
    } catch (error) {
      console.warn(`Could not save AUTH_PROXY_SECRET to .env.local (${error.message}); passing it to Vite directly.`)
    }
  }
  for (const name of ['BETTER_AUTH_SECRET', 'AUTH_PROXY_SECRET']) {
    const value = remote[name]
    if (value && value.length < SECRET_MIN_LENGTH) {
      console.warn(
        `Warning: the deployment's ${name} is shorter than ${SECRET_MIN_LENGTH} characters; auth will refuse to start.`,
      )
    }
  }

  const names = Object.keys(toSet)
  if (names.length > 0) {
    const input = names.map((name) => `${name}=${toSet[name]}`).join('\n') + '\n'
    const set = await convex(['env', 'set'], { input })
    if (set.code !== 0) {
      process.stderr.write(set.stderr)
      fail(`could not set ${names.join(', ')} on the Convex deployment (\`npx convex env set\` failed, see above).`)
    }
    console.log(`Set ${names.join(', ')} on the Convex deployment.`)
  } else {
    console.log('BETTER_AUTH_SECRET, SITE_URL and AUTH_PROXY_SECRET are set on the deployment.')
  }

  // 3. Convex (push + watch) and the Vite dev server.
  const children = [
    startChild('convex', process.execPath, [CONVEX_CLI, 'dev'], { cwd: ROOT }),
    // CORS stays off (vite.config.ts): with it, auth responses lost their session cookie under `vite dev`.
    startChild('vite', process.execPath, viteArgs, {
      cwd: ROOT,
      env: {
        ...env,
        VITE_CONVEX_SITE_URL: convexSiteUrl,
        SITE_URL: siteUrl,
        AUTH_PROXY_SECRET: authProxySecret,
      },
    }),
  ]
  for (const { name, exited } of children) {
    exited.then(({ code, signal }) => shutdown(`${name} exited (${code ?? signal})`, code || 1))
  }
  console.log(`\nApp: ${localUrl}   Convex: ${env.VITE_CONVEX_URL}   Ctrl-C stops both.\n`)
}

/** Vite against the stand-in; the stand-in restarts when convex/ changes (codegen first, like `convex dev`). */
async function runWithStandIn() {
  const convexPort = portFromEnv('CONVEX_PORT', 3210)
  const convexSitePort = portFromEnv('CONVEX_SITE_PORT', 3211)
  const shared = { SITE_URL: localUrl, AUTH_PROXY_SECRET: newSecret() }
  const standInEnv = { ...shared, BETTER_AUTH_SECRET: newSecret() }
  let standIn = null
  let restarting = false

  const startConvex = () => {
    const child = startStandIn({ port: convexPort, sitePort: convexSitePort, env: standInEnv })
    child.exited.then(({ code, signal }) => {
      if (!restarting && standIn === child) shutdown(`The Convex stand-in exited (${code ?? signal})`, code || 1)
    })
    standIn = child
    return child.ready
  }
  try {
    await startConvex()
  } catch (error) {
    await shutdown(`${error.message} (if a port is in use, set CONVEX_PORT and CONVEX_SITE_PORT)`, 1)
  }

  let timer = null
  let pending = false
  const reload = async () => {
    if (restarting) return void (pending = true)
    restarting = true
    console.log(
      'convex/ changed: regenerating convex/_generated and restarting the stand-in (its data is discarded)...',
    )
    const codegen = await runCaptured(process.execPath, [path.join(ROOT, 'scripts/codegen.mjs')], { cwd: ROOT })
    if (codegen.code !== 0) process.stderr.write(codegen.stderr)
    await stopChildren([standIn])
    try {
      await startConvex()
      console.log('The Convex stand-in is running the new functions.')
    } catch (error) {
      console.error(`${error.message}; fix the error in convex/ and save again.`)
    }
    restarting = false
    if (pending) {
      pending = false
      reload()
    }
  }
  watch(path.join(ROOT, 'convex'), { recursive: true }, (_event, file) => {
    if (!file || file.split(path.sep).includes('_generated')) return
    clearTimeout(timer)
    timer = setTimeout(reload, 300)
  })

  const vite = startChild('vite', process.execPath, viteArgs, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...shared,
      VITE_CONVEX_URL: `http://127.0.0.1:${convexPort}`,
      VITE_CONVEX_SITE_URL: `http://127.0.0.1:${convexSitePort}`,
    },
  })
  vite.exited.then(({ code, signal }) => shutdown(`vite exited (${code ?? signal})`, code || 1))
  await waitForHttp(`http://127.0.0.1:${port}/`, {
    exited: vite.exited,
    what: 'The Vite dev server',
    timeoutMs: 120_000,
  })
  console.log(
    standInBanner([
      `Gatehouse (vite dev, hot reload): open ${localUrl}`,
      'Saving a file in convex/ restarts the stand-in.',
    ]),
  )
}
