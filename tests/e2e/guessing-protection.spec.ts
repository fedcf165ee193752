import { expect, test } from '@playwright/test'
import {
  ACCOUNT_GUESSING_MAX_FAILURES,
  TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS,
  TWO_FACTOR_LOCKOUT_MAX_FAILURES,
} from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import {
  expectPath,
  nextClientAddress,
  ownClientAddress,
  PASSWORD,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  visit,
} from './support'

// A guesser spreads guesses over many addresses, so no per-address limit stops them; the account's limit does.
test.beforeEach(ownClientAddress)

test('a lockout from many wrong passwords stops a new device, and the owner’s own browser signs in anyway', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const { email } = await signUp(page, { email: uniqueEmail('lockout') })
  await signOut(page)

  // Someone else, elsewhere, guesses from several addresses.
  const guesser = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': nextClientAddress(testInfo) },
  })
  for (let attempt = 0; attempt < ACCOUNT_GUESSING_MAX_FAILURES; attempt++) {
    const response = await guesser.request.post('/api/auth/sign-in/email', {
      data: { email, password: 'not the password at all' },
      headers: { origin: baseURL!, 'x-forwarded-for': nextClientAddress(testInfo) },
    })
    expect(response.status()).toBe(401)
  }
  // Even with the right password, a browser that never signed in to the account is refused, and told why.
  const guesserPage = await guesser.newPage()
  await signIn(guesserPage, email)
  await expect(guesserPage.getByRole('alert')).toContainText('Too many wrong passwords were entered for this account')
  await expectPath(guesserPage, '/sign-in')
  await guesser.close()

  // The owner's browser signed in to this account before: it holds the device cookie, and gets in.
  await signIn(page, email)
  await expectPath(page, '/dashboard')
  await visit(page, '/settings/security')
  const log = page.getByRole('region', { name: 'Security activity' })
  await expect(log).toContainText('Sign-in from new devices paused after many wrong passwords')
  await expect(log).toContainText(`Wrong password entered (${ACCOUNT_GUESSING_MAX_FAILURES} times)`)
})

test('the second-factor page names the account and counts down the tries left', async ({ page, baseURL }) => {
  const { email } = await signUp(page, { email: uniqueEmail('tries') })
  // Two-factor on, through Better Auth's endpoints (the enrollment journey itself is in two-factor.spec.ts).
  const enable = await page.request.post('/api/auth/two-factor/enable', {
    data: { password: PASSWORD },
    headers: { origin: baseURL! },
  })
  const { secret } = parseTotpUri((await enable.json()).totpURI)
  const verified = await page.request.post('/api/auth/two-factor/verify-totp', {
    data: { code: await totpCode(secret) },
    headers: { origin: baseURL! },
  })
  expect(verified.status()).toBe(200)
  expect((await page.request.post('/api/auth/sign-out', { data: {}, headers: { origin: baseURL! } })).status()).toBe(
    200,
  )

  await signIn(page, email)
  await expectPath(page, '/two-factor')
  const status = page.getByTestId('challenge-status')
  await expect(status).toContainText(`Signing in as ${email.slice(0, 1)}`)
  await expect(status).toContainText(`@example.com`)
  await expect(status).not.toContainText(email)
  await expect(status).toContainText(`${TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS} tries left before a lockout.`)

  const wrong = String((Number(await totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0')
  await page.getByRole('textbox', { name: 'Authentication code' }).click()
  await page.keyboard.type(wrong)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('alert')).toContainText('That code is not right')
  await expect(status).toContainText(`${TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS - 1} tries left before a lockout.`)
})

test('a locked second factor shows its countdown and says backup codes wait too', async ({
  page,
  baseURL,
}, testInfo) => {
  const { email } = await signUp(page, { email: uniqueEmail('locked') })
  // The guesses come from an address of their own: /two-factor/* allows only so many requests a minute per address.
  const post = (path: string, data: unknown, headers: Record<string, string> = {}) =>
    page.request.post(`/api/auth${path}`, { data, headers: { origin: baseURL!, ...headers } })
  const { secret } = parseTotpUri((await (await post('/two-factor/enable', { password: PASSWORD })).json()).totpURI)
  expect((await post('/two-factor/verify-totp', { code: await totpCode(secret) })).status()).toBe(200)
  await post('/sign-out', {})

  // Wrong codes across two challenges, until the second factor locks.
  const wrong = String((Number(await totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0')
  const guesser = { 'x-forwarded-for': nextClientAddress(testInfo) }
  for (let failure = 0; failure < TWO_FACTOR_LOCKOUT_MAX_FAILURES; failure++) {
    if (failure % TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS === 0)
      expect((await post('/sign-in/email', { email, password: PASSWORD }, guesser)).status()).toBe(200)
    expect((await post('/two-factor/verify-totp', { code: wrong }, guesser)).status()).toBe(401)
  }

  await signIn(page, email)
  await expectPath(page, '/two-factor')
  const status = page.getByTestId('challenge-status')
  await expect(status).toContainText(/two-factor sign-in is locked for \d+:\d\d/)
  await expect(status).toContainText('Backup codes are refused too until then.')
  const before = await status.textContent()
  await expect.poll(async () => await status.textContent(), { timeout: 5_000 }).not.toBe(before)
})
