import { expect, test } from '@playwright/test'
import {
  expectPath,
  openVerificationLink,
  ownClientAddress,
  PASSWORD,
  signIn,
  submitSignUp,
  uniqueEmail,
  visit,
} from './support'
import { emailsTo, linkFromEmail } from './support-email'

// Resending is limited per client.
test.beforeEach(ownClientAddress)

const verificationEmails = async (email: string) =>
  (await emailsTo(email)).filter((m) => /Verify your email/.test(m.subject))

test('a new account is told to check its inbox, finds the link in the dev mailbox and lands on "verified"', async ({
  page,
}) => {
  const email = uniqueEmail('mailbox')
  await submitSignUp(page, { name: 'Mary Jackson', email, password: PASSWORD })
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText(`We sent a link to ${email}`)

  await page.getByRole('button', { name: 'Resend' }).click()
  await expect(page.getByRole('status')).toContainText(`We sent a new link to ${email}.`)
  await expect(page.getByRole('button', { name: /^Resend in \d+ s$/ })).toHaveAttribute('aria-disabled', 'true')
  await expect.poll(async () => (await verificationEmails(email)).length).toBe(2)

  // Signing in is refused until the address is verified.
  await signIn(page, email)
  await expect(page.getByRole('alert')).toContainText(/Verify your email address/)

  await visit(page, '/dev/mailbox')
  await expect(page.getByRole('heading', { level: 1, name: 'Dev mailbox' })).toBeVisible()
  const mail = page
    .getByRole('article')
    .filter({ hasText: `To ${email}` })
    .filter({ hasText: 'Verify your email' })
  await expect(mail).toHaveCount(2)
  await mail.first().getByRole('link').click()

  await expectPath(page, '/verify-email')
  await expect(page.getByRole('heading', { level: 1, name: 'Your email is verified' })).toBeVisible()
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click()
  await expectPath(page, '/sign-in')
  await page.locator('html[data-hydrated="true"]').waitFor()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expectPath(page, '/dashboard')
  await expect(page.getByText(`${email} (verified)`)).toBeVisible()
})

test('a broken verification link says why and sends a new one that works', async ({ page }) => {
  const email = uniqueEmail('broken')
  await submitSignUp(page, { name: 'Dorothy Vaughan', email, password: PASSWORD })
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible()
  const link = await linkFromEmail(email, /Verify your email/)

  await visit(
    page,
    link.replace(/token=[^&]+/, (token) => `${token.slice(0, -4)}abcd`),
  )
  await expectPath(page, '/verify-email')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link is not valid')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send a new link' }).click()
  await expect(page.getByRole('status')).toContainText(`We sent a new link to ${email}.`)
  await expect.poll(async () => (await verificationEmails(email)).length).toBe(2)

  await openVerificationLink(page, email)
  await signIn(page, email)
  await expectPath(page, '/dashboard')
})
