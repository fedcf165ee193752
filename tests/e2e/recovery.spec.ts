import { expect, test, type Page } from '@playwright/test'
import { totpCode } from '../support/totp'
import { emailsTo, linkFromEmail } from './support-email'
import { expectPath, ownClientAddress, PASSWORD, signIn, signOut, signUp, uniqueEmail, visit } from './support'

test.beforeEach(ownClientAddress)

/** Turns two-factor on from the settings page, and keeps neither the app nor the codes: both are "lost". */
async function enrollAndLoseEverything(page: Page) {
  await visit(page, '/settings/security')
  const section = page.getByRole('region', { name: 'Two-factor authentication' })
  await section.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  await section.getByLabel('Your password').fill(PASSWORD)
  await section.getByRole('button', { name: 'Continue' }).click()
  const secret = (await section.getByRole('group', { name: 'Setup key' }).locator('code').innerText()).replace(/ /g, '')
  await section.getByRole('textbox', { name: 'Code from your app' }).fill(await totpCode(secret))
  await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
  await expect(section.getByText('Status: On')).toBeVisible()
}

test('someone who lost the authenticator and the backup codes gets back in after the waiting period, and is led to enroll again', async ({
  page,
}) => {
  const { email } = await signUp(page, { email: uniqueEmail('recovery') })
  await enrollAndLoseEverything(page)
  await visit(page, '/dashboard')
  await signOut(page)

  await signIn(page, email)
  await expectPath(page, '/two-factor')
  await page.getByRole('link', { name: 'Can’t use your authenticator or backup codes?' }).click()
  await expectPath(page, '/recover')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Email me a recovery link' }).click()
  await expect(page.getByRole('status')).toContainText('we sent it a recovery link')

  await page.goto(await linkFromEmail(email, /Recover your/))
  await page.locator('html[data-hydrated="true"]').waitFor()
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Start recovery' }).click()
  await expect(page.getByRole('status')).toContainText('Recovery started')
  expect(
    (await emailsTo(email)).some((m) => /recovery of your account started/.test(m.subject)),
    'the owner is told at once',
  ).toBe(true)
  // Starting it signed nobody in.
  await visit(page, '/dashboard')
  await expectPath(page, '/sign-in')

  // The browser tests' backend waits 4 seconds (playwright.config.ts), not 24 hours.
  await expect
    .poll(async () => (await emailsTo(email)).some((m) => /Account recovered/.test(m.subject)), { timeout: 20_000 })
    .toBe(true)
  await signIn(page, email)
  await expectPath(page, '/settings/security')
  await expect(page.getByText('Turn on two-factor authentication to continue')).toBeVisible()
  await visit(page, '/dashboard')
  await expectPath(page, '/settings/security')
})
