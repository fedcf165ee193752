import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { oidcLogin, type OidcAccount } from '../support/oidc-client'
import { parseTotpUri, totpCode } from '../support/totp'
import {
  expectPath,
  nextClientAddress,
  ownClientAddress,
  PASSWORD,
  signUp,
  signOut,
  uniqueEmail,
  visit,
} from './support'

// The local OpenID provider playwright.config.ts starts (tests/support/oidc-provider.ts), named as the stand-in is told.
const PROVIDER = 'Test SSO'

test.beforeEach(ownClientAddress)

const providersSection = (page: Page) => page.getByRole('region', { name: 'Sign-in providers' })
const hasSessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).some((cookie) => cookie.name.endsWith('session_token'))

/** At the provider's own pages: sign in as `account` and consent, unless the provider remembers both. */
async function signInAtProvider(page: Page, account: OidcAccount, appOrigin: string) {
  await page.getByPlaceholder('Enter any login').fill(oidcLogin(account))
  await page.getByPlaceholder('and password').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  const consent = page.getByRole('button', { name: 'Continue' })
  await expect(consent.or(page.locator('html[data-hydrated="true"]'))).toBeVisible()
  if (await consent.isVisible()) await consent.click()
  await page.waitForURL((url) => url.origin === appOrigin)
}

/** Turns two-factor on for the signed-in page through the API (tests/e2e/two-factor.spec.ts walks the UI). */
async function turnOnTwoFactor(page: Page, appOrigin: string) {
  const headers = { origin: appOrigin }
  const enabled = await page.request.post('/api/auth/two-factor/enable', { data: { password: PASSWORD }, headers })
  expect(enabled.status()).toBe(200)
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] }
  const verified = await page.request.post('/api/auth/two-factor/verify-totp', {
    data: { code: await totpCode(parseTotpUri(totpURI).secret) },
    headers,
  })
  expect(verified.status()).toBe(200)
  // Turning it on replaced the session: renew the Convex token cookie server rendering reads, as the settings page does.
  expect((await page.request.get('/api/auth/convex/token')).status()).toBe(200)
  return backupCodes
}

test('a person with two-factor on links the provider, and signing in with it still asks for the second factor', async ({
  page,
  browser,
  baseURL,
}) => {
  const appOrigin = new URL(baseURL!).origin
  const { email } = await signUp(page, { email: uniqueEmail('oauth-2fa') })
  const backupCodes = await turnOnTwoFactor(page, appOrigin)
  const account: OidcAccount = { sub: `e2e-${Date.now()}`, email, emailVerified: true, name: 'Ada at SSO' }

  await visit(page, '/settings/security')
  await providersSection(page)
    .getByRole('button', { name: `Link ${PROVIDER}` })
    .click()
  await signInAtProvider(page, account, appOrigin)
  await expectPath(page, '/settings/security')
  await expect(providersSection(page).getByRole('button', { name: `Unlink ${PROVIDER}` })).toBeVisible()
  await expect(
    page.getByRole('region', { name: 'Security activity' }).getByText('A sign-in provider was linked'),
  ).toBeVisible()
  await visit(page, '/dashboard')
  await signOut(page)

  // Another device: the provider's sign-in ends on the challenge, with no session cookie until the code.
  const laptop = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': nextClientAddress(test.info()) } })
  const other = await laptop.newPage()
  await visit(other, '/sign-in')
  await other.getByRole('button', { name: `Continue with ${PROVIDER}` }).click()
  await signInAtProvider(other, account, appOrigin)
  await expectPath(other, '/two-factor')
  await expect(other.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeVisible()
  expect(await hasSessionCookie(laptop)).toBe(false)
  await visit(other, '/dashboard')
  await expectPath(other, '/sign-in')

  await visit(other, '/two-factor?redirect=/dashboard')
  await other.getByRole('button', { name: 'Use a backup code' }).click()
  await other.getByLabel('Backup code').fill(backupCodes[0]!)
  await other.getByRole('button', { name: 'Verify' }).click()
  await expectPath(other, '/dashboard')
  expect(await hasSessionCookie(laptop)).toBe(true)
  await laptop.close()
})

test('a provider identity with the email of an existing account is not linked by signing in', async ({
  page,
  baseURL,
}) => {
  const appOrigin = new URL(baseURL!).origin
  const { email } = await signUp(page, { email: uniqueEmail('oauth-owner') })
  await signOut(page)

  await visit(page, '/sign-in')
  await page.getByRole('button', { name: `Continue with ${PROVIDER}` }).click()
  await signInAtProvider(page, { sub: `e2e-taker-${Date.now()}`, email, emailVerified: true }, appOrigin)
  await expectPath(page, '/sign-in')
  await expect(page.getByRole('status')).toContainText('Sign in with your password first, then link the provider')
  expect(await hasSessionCookie(page.context())).toBe(false)
})

test('a new person signs up with the provider and cannot unlink their only way in', async ({ page, baseURL }) => {
  const appOrigin = new URL(baseURL!).origin
  await visit(page, '/sign-in')
  await page.getByRole('button', { name: `Continue with ${PROVIDER}` }).click()
  await signInAtProvider(
    page,
    { sub: `e2e-new-${Date.now()}`, email: uniqueEmail('oauth-new'), emailVerified: true },
    appOrigin,
  )
  await expectPath(page, '/dashboard')

  await visit(page, '/settings/security')
  await providersSection(page)
    .getByRole('button', { name: `Unlink ${PROVIDER}` })
    .click()
  await expect(providersSection(page).getByRole('alert')).toContainText('is your only way to sign in')
  await expect(providersSection(page).getByRole('button', { name: `Unlink ${PROVIDER}` })).toBeVisible()
})
