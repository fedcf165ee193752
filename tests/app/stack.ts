/**
 * The production build (Nitro's Node server) in front of the in-memory Convex double, both as child
 * processes on free ports, so a test can pause Convex (SIGSTOP) or read the app's memory use.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { ensureBuild } from '../../scripts/lib/build.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Stack {
  appUrl: string
  convexSiteUrl: string
  convex: ChildProcess
  app: ChildProcess
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitUntilUp(url: string, child: ChildProcess) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`)
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} did not come up`)
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    // A paused process would not act on SIGTERM.
    child.kill('SIGCONT')
    child.kill('SIGTERM')
  })
}

/** Builds when .output/ is missing or stale, then starts Convex and the app. `siteUrl` overrides SITE_URL. */
export async function startStack({ siteUrl }: { siteUrl?: string } = {}): Promise<Stack> {
  await ensureBuild(ROOT)
  const [appPort, convexPort, convexSitePort] = [await freePort(), await freePort(), await freePort()]
  const appUrl = `http://127.0.0.1:${appPort}`
  const convexUrl = `http://127.0.0.1:${convexPort}`
  const convexSiteUrl = `http://127.0.0.1:${convexSitePort}`
  // What both processes must agree on, on top of this process's environment.
  const shared = {
    ...process.env,
    NODE_ENV: 'production',
    SITE_URL: siteUrl ?? appUrl,
    AUTH_PROXY_SECRET: 'app-test-proxy-secret-0123456789abcdef0123456789',
  }
  const convex = spawn(process.execPath, ['--import', 'tsx', 'tests/convex-server/main.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...shared,
      CONVEX_PORT: String(convexPort),
      CONVEX_SITE_PORT: String(convexSitePort),
      BETTER_AUTH_SECRET: 'app-test-better-auth-secret-0123456789abcdef01',
      // These tests are about the Start server; a sign-up that signs in at once keeps them short.
      REQUIRE_EMAIL_VERIFICATION: 'false',
    },
  })
  const app = spawn(process.execPath, ['.output/server/index.mjs'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...shared,
      PORT: String(appPort),
      HOST: '127.0.0.1',
      VITE_CONVEX_URL: convexUrl,
      VITE_CONVEX_SITE_URL: convexSiteUrl,
      TRUST_PROXY: '1',
    },
  })
  const stack = {
    appUrl,
    convexSiteUrl,
    convex,
    app,
    stop: () => Promise.all([stop(app), stop(convex)]).then(() => {}),
  }
  try {
    await waitUntilUp(`${convexSiteUrl}/api/auth/ok`, convex)
    await waitUntilUp(appUrl, app)
  } catch (error) {
    await stack.stop()
    throw error
  }
  return stack
}

/** Resident memory of a child process, from /proc (Linux). */
export function residentBytes(child: ChildProcess): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
  if (!match) throw new Error('VmRSS not found')
  return Number(match[1]) * 1024
}

let people = 0

/** A new account, signed up through the app's auth proxy from an address of its own; its cookies as a header. */
export async function signUp(stack: Stack, name = 'Grace Hopper') {
  people++
  const response = await fetch(`${stack.appUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: {
      origin: new URL(stack.appUrl).origin,
      'content-type': 'application/json',
      'x-forwarded-for': `10.20.${Math.floor(people / 250)}.${people % 250}`,
    },
    body: JSON.stringify({
      name,
      email: `app-${Date.now()}-${people}@example.com`,
      password: 'correct horse battery staple',
    }),
  })
  if (response.status !== 200) throw new Error(`sign-up answered ${response.status}: ${await response.text()}`)
  const cookies = new Map(
    response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!.split(/=(.*)/s) as [string, string]),
  )
  return cookies
}

export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}
