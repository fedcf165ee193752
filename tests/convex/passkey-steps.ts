/**
 * Passkey steps for the Convex suites, with the software authenticator of tests/support/webauthn.ts: adding one as
 * the settings page does, and signing in with it as the sign-in page does (also the passkey row of a gate table).
 */
import { expect } from 'vitest'
import { SoftwareAuthenticator } from '../support/webauthn'
import { AuthClient, SITE_URL, type Backend } from './harness'

export const RP_ID = new URL(SITE_URL).hostname

type Registration = { status: number; json: any }

/** Asks for registration options and answers them with `authenticator`, as the settings page does. */
export async function addPasskey(
  browser: AuthClient,
  authenticator: SoftwareAuthenticator,
  { name, userVerified = true }: { name?: string; userVerified?: boolean } = {},
): Promise<Registration> {
  const options = await browser.request('/passkey/generate-register-options')
  if (options.status !== 200) return options
  const response = await authenticator.register(options.json, { origin: SITE_URL, userVerified })
  return await browser.request('/passkey/verify-registration', { json: { response, name } })
}

/** A signed-out browser signing in with the passkey, as the sign-in page does. */
export async function signInWithPasskey(
  t: Backend,
  authenticator: SoftwareAuthenticator,
  {
    origin = SITE_URL,
    headerOrigin = origin,
    rpId = RP_ID,
    userVerified = true,
  }: { origin?: string; headerOrigin?: string; rpId?: string; userVerified?: boolean } = {},
) {
  const browser = new AuthClient(t, '203.0.113.140')
  const options = await browser.request('/passkey/generate-authenticate-options', { headers: { origin: headerOrigin } })
  expect(options.status).toBe(200)
  const response = await authenticator.assert(options.json, { origin, rpId, userVerified })
  const answer = await browser.request('/passkey/verify-authentication', {
    json: { response },
    headers: { origin: headerOrigin },
  })
  return { browser, options, answer }
}
