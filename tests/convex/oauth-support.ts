/** OpenID Connect sign-in through the harness: the app's Better Auth over HTTP, a real provider on a local port. */
import { expect } from 'vitest'
import { OIDC_PROVIDER_ID } from '../../lib/oauth-providers'
import {
  authorizeAtProvider,
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  startOidcProvider,
  type OidcAccount,
} from '../support/oidc-provider'
import { SITE_URL, stubDeploymentEnv, type AuthClient } from './harness'

export const OIDC_CALLBACK_URL = `${SITE_URL}/api/auth/oauth2/callback/${OIDC_PROVIDER_ID}`
// Better Auth's built-in providers (GitHub, Google) come back here; their endpoints are on the internet.
export const SOCIAL_CALLBACK_URL = `${SITE_URL}/api/auth/callback/${OIDC_PROVIDER_ID}`

/** For beforeAll: the provider on `port`, and the Convex env that configures it (call `configure` after createBackend). */
export async function startTestOidcProvider(port: number) {
  const provider = await startOidcProvider({ port, redirectUris: [OIDC_CALLBACK_URL, SOCIAL_CALLBACK_URL] })
  return {
    ...provider,
    configure: () =>
      stubDeploymentEnv({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME: 'Test SSO' }),
  }
}

let subCounter = 0
export const oidcAccount = (email: string, emailVerified = true): OidcAccount => ({
  sub: `sub-${++subCounter}-${Date.now()}`,
  email,
  emailVerified,
  name: 'Grace Hopper',
})

/**
 * The browser's whole round trip: ask the app to start (`/sign-in/oauth2`, or `/oauth2/link` when `link`), sign in
 * and consent at the provider, and come back to the app's callback. Returns the callback's answer.
 */
export async function oidcRoundTrip(
  browser: AuthClient,
  account: OidcAccount,
  { link = false, callbackURL = '/dashboard' } = {},
) {
  const start = link
    ? await browser.request('/oauth2/link', {
        json: { providerId: OIDC_PROVIDER_ID, callbackURL, errorCallbackURL: '/settings/security' },
      })
    : await browser.request('/sign-in/oauth2', {
        json: { providerId: OIDC_PROVIDER_ID, callbackURL, errorCallbackURL: '/sign-in' },
      })
  expect(start.status, JSON.stringify(start.json)).toBe(200)
  const callback = await authorizeAtProvider(start.json.url, account)
  expect(callback.startsWith(`${OIDC_CALLBACK_URL}?`), callback).toBe(true)
  const response = await browser.request(callback.slice(`${SITE_URL}/api/auth`.length))
  return { ...response, location: response.headers.get('location') }
}

/**
 * The social door (`/sign-in/social` and `/callback/:id`, what GitHub and Google use) walked with the local provider:
 * Better Auth lists the generic plugin's provider among its social ones, so only the redirect URI differs.
 */
export async function socialRoundTrip(browser: AuthClient, account: OidcAccount, callbackURL = '/dashboard') {
  const start = await browser.request('/sign-in/social', {
    json: { provider: OIDC_PROVIDER_ID, callbackURL, errorCallbackURL: '/sign-in' },
  })
  expect(start.status, JSON.stringify(start.json)).toBe(200)
  const authorization = new URL(start.json.url)
  authorization.searchParams.set('redirect_uri', SOCIAL_CALLBACK_URL)
  const callback = await authorizeAtProvider(authorization.toString(), account)
  expect(callback.startsWith(`${SOCIAL_CALLBACK_URL}?`), callback).toBe(true)
  const response = await browser.request(callback.slice(`${SITE_URL}/api/auth`.length))
  return { ...response, location: response.headers.get('location') }
}

/** Whether a response set a session cookie with a value (an expiring one does not count). */
