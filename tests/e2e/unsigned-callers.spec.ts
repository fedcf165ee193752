/**
 * Anyone can call the Convex site URL directly, without the proxy's client-IP signature. Such callers share one
 * strict bucket; people who come through the app must never be in it, even when the app cannot tell their address
 * (here: TRUST_PROXY=1 and a request that carries no X-Forwarded-For).
 */
import { expect, test } from '@playwright/test'
import { PASSWORD, uniqueEmail } from './support'
import { linkFromEmail } from './support-email'

const siteUrl = process.env.E2E_CONVEX_SITE_API_URL!
const FLOOD = 150

const post = (base: string, path: string, body: object, origin: string) =>
  fetch(`${base}/api/auth${path}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

test('a flood of unsigned wrong passwords at the Convex site URL leaves sign-in through the app working', async ({
  baseURL,
}) => {
  const appUrl = baseURL!
  const email = uniqueEmail('flood')
  expect(
    (await post(appUrl, '/sign-up/email', { name: 'Flood Survivor', email, password: PASSWORD }, appUrl)).status,
  ).toBe(200)
  expect((await fetch(await linkFromEmail(email, /Verify your email/), { redirect: 'manual' })).status).toBeLessThan(
    400,
  )

  // Another account is the target, so this is about the shared rate-limit bucket alone; guessing at the owner's own
  // account would pause new devices for it, by design (ADR 0013).
  const target = uniqueEmail('flood-target')
  const flood = await Promise.all(
    Array.from({ length: FLOOD }, () =>
      post(siteUrl, '/sign-in/email', { email: target, password: 'definitely not it' }, appUrl),
    ),
  )
  const statuses = flood.map((response) => response.status)
  expect(statuses).toContain(429)
  expect(statuses.every((status) => status === 401 || status === 429)).toBe(true)

  // Through the app, with no address the app can attribute: signed as unattributed, not thrown in with the flood.
  const owner = await post(appUrl, '/sign-in/email', { email, password: PASSWORD }, appUrl)
  expect(owner.status).toBe(200)
  expect(owner.headers.getSetCookie().some((cookie) => cookie.includes('session_token='))).toBe(true)
})
