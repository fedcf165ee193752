import { test as base, expect, type Browser, type Page } from '@playwright/test'
import { expectPath, PASSWORD, signIn, signOut, signUp, uniqueEmail, visit } from './support'
import { linkFromEmail } from './support-email'

const NEW_PASSWORD = 'a brand new passphrase'

const sessionsSection = (page: Page) => page.getByRole('region', { name: 'Where you are signed in' })
const changePasswordSection = (page: Page) => page.getByRole('region', { name: 'Change password' })
const deleteAccountSection = (page: Page) => page.getByRole('region', { name: 'Delete account' })

/**
 * Each journey, and each of its devices, is a client with an address of its own (playwright.config.ts lets the app
 * trust X-Forwarded-For): per-client rate limits then never add up across journeys, as they would not across people.
 */
let addressCount = 0
const nextAddress = () => `198.51.100.${++addressCount}`

const test = base.extend<{ address: string }>({
  address: [
    async ({ context }, use) => {
      const address = nextAddress()
      await context.setExtraHTTPHeaders({ 'x-forwarded-for': address })
      await use(address)
    },
    { auto: true },
  ],
})

/** The same account signed in from a second browser, with its own cookies and address. */
async function secondDevice(browser: Browser, email: string) {
  const address = nextAddress()
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address } })
  const page = await context.newPage()
  await signIn(page, email)
  await expectPath(page, '/dashboard')
  return { page, address }
}

/** A signed-out device finds out at its next request: the server sends it to sign in. */
async function expectSignedOut(page: Page) {
  await visit(page, '/dashboard')
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fdashboard$/)
}

test('a person sees where they are signed in and signs another device out', async ({ page, browser, address }) => {
  const { email } = await signUp(page, { email: uniqueEmail('sessions') })
  const phone = await secondDevice(browser, email)

  await visit(page, '/settings/security')
  const sessions = sessionsSection(page).getByRole('list', { name: 'Sessions' }).getByRole('listitem')
  await expect(sessions).toHaveCount(2)
  const thisDevice = sessions.filter({ hasText: 'This device' })
  await expect(thisDevice).toHaveCount(1)
  await expect(thisDevice).toContainText('Chrome on Linux')
  await expect(thisDevice.getByRole('definition').first()).toHaveText(address)
  await expect(sessions.filter({ hasNotText: 'This device' }).getByRole('definition').first()).toHaveText(phone.address)

  await sessionsSection(page).getByRole('button', { name: 'Sign out Chrome on Linux' }).click()
  await expect(sessionsSection(page).getByRole('status')).toContainText('Chrome on Linux was signed out.')
  // The button pressed went with its session: focus is on what happened, not lost to <body>.
  await expect(sessionsSection(page).getByRole('status')).toBeFocused()
  await expect(sessions).toHaveCount(1)
  await expect(sessionsSection(page).getByText('You are not signed in anywhere else.')).toBeVisible()

  await expectSignedOut(phone.page)
  await phone.page.context().close()
  await visit(page, '/settings/security')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security')
})

test('a person signed in on many devices sees them all, a page at a time, and signs every other one out', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.slow() // 25 sign-ins, each hashing the password
  const { email } = await signUp(page, { email: uniqueEmail('many-devices') })
  // 25 more devices, each its own client address and browser, signing in through the proxy as people do.
  for (let i = 1; i <= 25; i++) {
    // A context of its own: no device cookie from the others, so each is a new device.
    const device = await playwright.request.newContext({ baseURL })
    const signedIn = await device.post('/api/auth/sign-in/email', {
      data: { email, password: PASSWORD },
      headers: { origin: baseURL!, 'x-forwarded-for': `203.0.113.${i}`, 'user-agent': `Device/${i}.0` },
    })
    expect(signedIn.status()).toBe(200)
    await device.dispose()
  }

  await visit(page, '/settings/security')
  const section = sessionsSection(page)
  const sessions = section.getByRole('list', { name: 'Sessions' }).getByRole('listitem')
  // This device, then the 20 newest others.
  await expect(sessions).toHaveCount(21)
  await expect(sessions.first()).toContainText('This device')
  await section.getByRole('button', { name: 'Show more sessions' }).click()
  await expect(sessions).toHaveCount(26)
  await expect(section.getByRole('button', { name: 'Show more sessions' })).toHaveCount(0)

  // Every new device is in the security log too: 20 at first, then the rest.
  const log = page.getByRole('region', { name: 'Security activity' })
  const events = log.getByRole('list', { name: 'Security events' }).getByRole('listitem')
  await expect(events).toHaveCount(20)
  await log.getByRole('button', { name: 'Show more activity' }).click()
  await expect(events).toHaveCount(25)
  await expect(log.getByRole('button', { name: 'Show more activity' })).toHaveCount(0)

  await section.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(section.getByRole('status')).toContainText('25 other sessions were signed out.')
  await expect(sessions).toHaveCount(1)
  await visit(page, '/settings/security')
  await expect(sessions).toHaveCount(1)
})

test('changing the password needs the current one and signs the other devices out', async ({ page, browser }) => {
  const { email } = await signUp(page, { email: uniqueEmail('change-password') })
  const laptop = await secondDevice(browser, email)

  await visit(page, '/settings/security')
  const section = changePasswordSection(page)
  await section.getByLabel('Current password').fill('not my password at all')
  await section.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await section.getByLabel('Confirm new password').fill(NEW_PASSWORD)
  await expect(section.getByLabel('Sign out all other sessions')).toBeChecked()
  await section.getByRole('button', { name: 'Change password' }).click()
  await expect(section.getByText('That is not your current password.')).toBeVisible()

  await section.getByLabel('Current password').fill(PASSWORD)
  await section.getByRole('button', { name: 'Change password' }).click()
  await expect(section.getByRole('status')).toContainText(
    'Your password was changed, and every other device was signed out.',
  )
  // This device got a new session: its live queries and the next page load still know it.
  await expect(sessionsSection(page).getByRole('listitem')).toHaveCount(1)
  await expectSignedOut(laptop.page)
  await laptop.page.context().close()
  await visit(page, '/settings/security')
  await expect(sessionsSection(page).getByRole('listitem')).toHaveCount(1)

  await visit(page, '/dashboard')
  await signOut(page)
  await signIn(page, email, NEW_PASSWORD)
  await expectPath(page, '/dashboard')
})

test('a person who forgot their password resets it through the emailed link', async ({ page }) => {
  const { email } = await signUp(page, { email: uniqueEmail('reset') })
  await signOut(page)

  await visit(page, '/sign-in')
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page).toHaveURL(/\/forgot-password$/)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('status')).toContainText(`If an account uses ${email}, we sent it a link`)
  await expect(page.getByRole('status')).toBeFocused()

  const link = await linkFromEmail(email, /Reset your/)
  await page.goto(link)
  await page.locator('html[data-hydrated="true"]').waitFor()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password')
  // The token is read, then taken out of the address bar; the page never sends it on as a Referer.
  await expect(page).toHaveURL(/\/reset-password$/)
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer')

  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page).toHaveURL(/\/sign-in\?reason=password-reset$/)
  await expect(page.getByRole('status')).toContainText('Your password was changed')

  await signIn(page, email, NEW_PASSWORD)
  await expectPath(page, '/dashboard')

  // The link works once.
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This reset link does not work')
  await expect(page.getByRole('link', { name: 'Send me a new link' })).toHaveAttribute('href', '/forgot-password')
})

test('a person deletes their account with their password and a typed confirmation', async ({ page }) => {
  const { email } = await signUp(page, { email: uniqueEmail('delete') })
  await visit(page, '/settings/security')
  const section = deleteAccountSection(page)
  await section.getByLabel('Your password').fill(PASSWORD)
  await section.getByLabel('Confirm').fill('delete it')
  await section.getByRole('button', { name: 'Delete my account' }).click()
  await expect(section.getByText('Type “delete my account” or your email address.')).toBeVisible()

  await section.getByLabel('Confirm').fill(email.toUpperCase())
  await section.getByRole('button', { name: 'Delete my account' }).click()
  await expect(page).toHaveURL(/\/\?notice=account-deleted$/)
  await expect(page.getByRole('status')).toContainText('Your account was deleted and you are signed out.')
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible()

  await signIn(page, email)
  await expect(page.getByRole('alert')).toContainText(/do not match/i)
})
