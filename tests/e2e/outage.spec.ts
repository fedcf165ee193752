/**
 * Convex goes away and comes back. This journey runs its own app and Convex double (not the shared ones
 * from playwright.config.ts) because it stops and restarts the backend.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { PASSWORD, uniqueEmail } from './support'

const APP_PORT = Number(process.env.E2E_OUTAGE_APP_PORT ?? 3350)
const CONVEX_PORT = APP_PORT + 10
const appUrl = `http://127.0.0.1:${APP_PORT}`
const siteUrl = `http://127.0.0.1:${CONVEX_PORT + 1}`
const secrets = {
  AUTH_PROXY_SECRET: 'outage-proxy-secret-0123456789abcdef0123456789',
  BETTER_AUTH_SECRET: 'outage-better-auth-secret-0123456789abcdef01',
}

const children: ChildProcess[] = []

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, SITE_URL: appUrl, ...secrets },
    stdio: 'ignore',
  })
  children.push(child)
  return child
}

async function waitUntilUp(url: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
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

const startConvex = async () => {
  const convex = start(['--import', 'tsx', 'tests/convex-server/main.ts'], {
    CONVEX_PORT: String(CONVEX_PORT),
    CONVEX_SITE_PORT: String(CONVEX_PORT + 1),
    // About outages, not verification: an account signs in right after signing up.
    REQUIRE_EMAIL_VERIFICATION: 'false',
  })
  await waitUntilUp(`${siteUrl}/api/auth/ok`)
  return convex
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

async function signUp(name: string) {
  const response = await fetch(`${appUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { origin: appUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ name, email: uniqueEmail('outage'), password: PASSWORD }),
  })
  expect(response.status).toBe(200)
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ')
}

test.afterAll(async () => {
  await Promise.all(children.map(stop))
})

test('when Convex is down, signed-in pages say so with a 503, public pages render, and the app recovers by itself', async () => {
  let convex = await startConvex()
  start(['.output/server/index.mjs'], {
    PORT: String(APP_PORT),
    HOST: '127.0.0.1',
    VITE_CONVEX_URL: `http://127.0.0.1:${CONVEX_PORT}`,
    VITE_CONVEX_SITE_URL: siteUrl,
  })
  await waitUntilUp(appUrl)
  const cookie = await signUp('Before Outage')
  expect(await (await fetch(`${appUrl}/dashboard`, { headers: { cookie } })).text()).toContain('Before Outage')

  await stop(convex)

  const dashboard = await fetch(`${appUrl}/dashboard`, { headers: { cookie }, redirect: 'manual' })
  expect(dashboard.status).toBe(503)
  const page = await dashboard.text()
  expect(page).toMatch(/can.t reach|unavailable|try again/i)
  expect(page).not.toMatch(/\n\s+at [\w.<>]+ \(/) // no stack trace
  for (const path of ['/', '/sign-in', '/sign-up']) {
    expect((await fetch(`${appUrl}${path}`)).status, path).toBe(200)
  }
  const signIn = await fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { origin: appUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'anyone@example.com', password: PASSWORD }),
  })
  expect(signIn.status).toBe(503)
  expect(await signIn.json()).toMatchObject({ code: 'BACKEND_UNAVAILABLE' })

  // Same app process, no restart: it simply works again once Convex answers.
  convex = await startConvex()
  const freshCookie = await signUp('After Outage')
  const recovered = await fetch(`${appUrl}/dashboard`, { headers: { cookie: freshCookie } })
  expect(recovered.status).toBe(200)
  expect(await recovered.text()).toContain('After Outage')
})
